namespace Bot.Core.Hosting;

/// <summary>Finds the folder with the project's <c>appsettings.json</c>: the working directory or one above it, else the program's folder.</summary>
public static class ContentRoot
{
    /// <summary>The content root: where appsettings.json and the relative Knowledge:Path are found.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")))
                return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }
}

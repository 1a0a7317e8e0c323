namespace Bot.Core.Knowledge;

/// <summary>
/// The files of a knowledge folder, each once, by its real path: symbolic links are followed to what they point to
/// (a link's own size is not its file's), a link back up the tree (<c>loop -&gt; .</c>) is not walked again, and links
/// that lead outside the folder are skipped unless <c>Knowledge:FollowLinksOutside</c> is on.
/// </summary>
internal static class KnowledgeTree
{
    /// <summary>
    /// The files under <paramref name="root"/>, ordered by the name they are cited by (relative to the root, through the
    /// links walked); what is left out is reported to <paramref name="skip"/> with the reason, and a folder that cannot
    /// be listed (no permission, an I/O error) to <paramref name="unreadable"/> with its name ("" for the root) and the
    /// reason: what it holds is unknown, not gone.
    /// </summary>
    public static IReadOnlyList<(string File, string Name)> Walk(string root, bool followLinksOutside, Func<string, bool> ignore, Action<string, string> skip,
        IKnowledgeFiles disk, Action<string, string> unreadable)
    {
        var realRoot = RealDirectory(new DirectoryInfo(root));
        var files = new List<(string File, string Name)>();
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var seenFolders = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(DirectoryInfo Folder, string Name)>();
        pending.Push((new DirectoryInfo(realRoot), ""));
        while (pending.TryPop(out var next))
        {
            if (!seenFolders.Add(Path.TrimEndingDirectorySeparator(next.Folder.FullName)))
                continue;
            IReadOnlyList<FileSystemInfo> entries;
            try
            {
                entries = disk.List(next.Folder);
            }
            catch (DirectoryNotFoundException)
            {
                // Deleted while the tree was walked: gone, as if it had been gone before.
                continue;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                unreadable(next.Name, e.Message);
                continue;
            }
            foreach (var entry in entries)
            {
                if (ignore(entry.Name))
                    continue;
                var name = next.Name.Length == 0 ? entry.Name : next.Name + "/" + entry.Name;
                var target = entry;
                if (entry.LinkTarget is not null)
                {
                    try
                    {
                        target = entry.ResolveLinkTarget(returnFinalTarget: true) ?? entry;
                    }
                    catch (IOException e)
                    {
                        skip(name, $"a link that cannot be followed ({e.Message})");
                        continue;
                    }
                    if (!target.Exists)
                    {
                        skip(name, "a link to nothing");
                        continue;
                    }
                    var real = target is DirectoryInfo d ? RealDirectory(d) : RealFile(target.FullName);
                    if (!followLinksOutside && !IsUnder(real, realRoot))
                    {
                        skip(name, $"a link outside the knowledge folder, to {real} (set Knowledge:FollowLinksOutside to follow it)");
                        continue;
                    }
                    target = target is DirectoryInfo ? new DirectoryInfo(real) : new FileInfo(real);
                }
                if (target is DirectoryInfo folder)
                    pending.Push((folder, name));
                else if (seenFiles.Add(target.FullName))
                    files.Add((target.FullName, name));
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return files;
    }

    /// <summary>One knowledge file given by its path: read from what it points to when it is a link, cited by its own name.</summary>
    public static (string File, string Name) One(string path)
    {
        var file = new FileInfo(path);
        var target = file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true) ?? file;
        return (target.FullName, file.Name);
    }

    private static bool IsUnder(string path, string folder) =>
        path.Equals(folder, StringComparison.Ordinal) || path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    // The path of a folder with every link in it resolved, from the root down.
    private static string RealDirectory(DirectoryInfo folder)
    {
        var parent = folder.Parent is null ? null : RealDirectory(folder.Parent);
        var here = parent is null ? folder.FullName : Path.Combine(parent, folder.Name);
        var info = new DirectoryInfo(here);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            return RealDirectory(new DirectoryInfo(target.FullName));
        return Path.TrimEndingDirectorySeparator(info.FullName);
    }

    private static string RealFile(string path) => Path.Combine(RealDirectory(new DirectoryInfo(Path.GetDirectoryName(path)!)), Path.GetFileName(path));
}

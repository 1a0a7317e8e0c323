using System.Text;

namespace Bot.Core.Common;

/// <summary>
/// Makes outside text (file names, parts of files, error messages) safe to log: control characters are written as
/// escapes, so that a file named "a\ninfo: …" cannot print a forged log line.
/// </summary>
public static class LogText
{
    /// <summary><paramref name="text"/> with every control character escaped (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\u001b</c> …).</summary>
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsUnsafe))
            return text ?? "";
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (!IsUnsafe(c))
                sb.Append(c);
            else
                sb.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => $"\\u{(int)c:x4}",
                });
        }
        return sb.ToString();
    }

    // C0 and C1 controls, and the line and paragraph separators some terminals and log viewers break lines at.
    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';
}

using System.Globalization;
using System.Text.Json;

namespace Bot.Core.Answering;

/// <summary>
/// Everything the bot says, one file per language (<c>src/Texts/zh.json</c>, <c>en.json</c>, embedded here): the
/// answers' messages (keys <c>answer.*</c>) and the front ends' texts. A third language is one more file with the same
/// keys. Chinese is the default (the knowledge is Chinese); a user whose app is set to a language there is a file for
/// is spoken to in it, any other in English; an answer is in its question's language.
/// </summary>
public sealed class TextCatalog
{
    /// <summary>The catalog embedded in this build.</summary>
    public static TextCatalog Default { get; } = new();

    /// <summary>The language of users whose app says nothing.</summary>
    public const string DefaultLanguage = "zh";

    private readonly Dictionary<string, Dictionary<string, string>> _languages;

    /// <summary>Reads the embedded files; one that lacks a key the default language has is an error at start.</summary>
    private TextCatalog()
    {
        var assembly = typeof(TextCatalog).Assembly;
        _languages = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Bot.Texts.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .ToDictionary(
                n => n["Bot.Texts.".Length..^".json".Length],
                n =>
                {
                    using var stream = assembly.GetManifestResourceStream(n)!;
                    return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!;
                });
        var keys = _languages[DefaultLanguage].Keys;
        foreach (var (language, texts) in _languages)
        {
            if (keys.FirstOrDefault(k => !texts.ContainsKey(k)) is { } missing)
                throw new InvalidOperationException($"Texts/{language}.json has no \"{missing}\"");
        }
    }

    /// <summary>The languages there are texts for.</summary>
    public IReadOnlyCollection<string> Languages => _languages.Keys;

    /// <summary>The language to speak to a user whose app is set to <paramref name="languageCode"/> (an IETF tag, or null).</summary>
    public string LanguageOf(string? languageCode)
    {
        if (string.IsNullOrWhiteSpace(languageCode))
            return DefaultLanguage;
        var primary = languageCode.Split('-', '_')[0].ToLowerInvariant();
        return _languages.ContainsKey(primary) ? primary : "en";
    }

    /// <summary>
    /// The language to answer <paramref name="text"/> in, by its script, among the languages there are files for:
    /// kana Japanese, Hangul Korean, Chinese characters Chinese, anything else English.
    /// </summary>
    public string LanguageOfText(string text)
    {
        var chinese = false;
        foreach (var c in text)
        {
            if (c is >= '\u3040' and <= '\u30ff' && _languages.ContainsKey("ja"))
                return "ja";
            if (c is >= '\uac00' and <= '\ud7af' && _languages.ContainsKey("ko"))
                return "ko";
            chinese |= c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';
        }
        return chinese ? DefaultLanguage : "en";
    }

    /// <summary>Text <paramref name="key"/> in <paramref name="language"/>, with <paramref name="args"/> put in.</summary>
    public string Get(string language, string key, params object[] args)
    {
        var texts = _languages.TryGetValue(language, out var found) ? found : _languages[DefaultLanguage];
        var text = texts[key];
        return args.Length == 0 ? text : string.Format(CultureInfo.InvariantCulture, text, args);
    }
}

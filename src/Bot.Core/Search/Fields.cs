namespace Bot.Core.Search;

/// <summary>Lucene field names of a passage document.</summary>
internal static class Fields
{
    public const string File = "file";
    public const string Passage = "pos";
    public const string Article = "akey";
    public const string ArticleBigrams = "abody_b";
    public const string TitleWords = "title_w";
    public const string TitleBigrams = "title_b";
    public const string BodyWords = "body_w";
    public const string BodyBigrams = "body_b";
    public const string Date = "date";
}

namespace Bot.Core.Search;

/// <summary>A content word of a question, as it is matched in text (lower-case, half-width).</summary>
/// <param name="Text">The word.</param>
/// <param name="IsWord">True for a SmartCn word (field <c>body_w</c>); false for a whole Latin word or number (field <c>body_b</c>).</param>
public readonly record struct QueryTerm(string Text, bool IsWord);

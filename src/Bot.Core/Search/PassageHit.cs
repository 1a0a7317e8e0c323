using Bot.Core.Knowledge;

namespace Bot.Core.Search;

/// <summary>A retrieved passage and its BM25 score.</summary>
public sealed record PassageHit(Passage Passage, double Score);

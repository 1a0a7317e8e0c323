namespace Bot.Core.Answering;

/// <summary>A source an answer rests on.</summary>
/// <param name="Id">The article id.</param>
/// <param name="Title">The article title.</param>
/// <param name="Path">The file the article came from.</param>
/// <param name="Date">The article date, where known.</param>
/// <param name="Text">The passage that was used.</param>
/// <param name="Score">The retrieval score of the article.</param>
public sealed record Citation(string Id, string Title, string Path, DateOnly? Date, string Text, double Score);

namespace Bot.Core.Knowledge;

/// <summary>A knowledge file that cannot be read as the format its name claims.</summary>
public sealed class KnowledgeFormatException(string message) : Exception(message);

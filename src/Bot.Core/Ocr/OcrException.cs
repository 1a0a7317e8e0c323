namespace Bot.Core.Ocr;

/// <summary>A picture that was not read: refused by a limit, unreadable, timed out, or no engine to read it.</summary>
/// <param name="message">Why, in words fit for <c>bot sources</c>.</param>
/// <param name="engineMissing">True when the OCR engine or one of its languages is not installed.</param>
public sealed class OcrException(string message, bool engineMissing = false) : Exception(message)
{
    /// <summary>True when the OCR engine or one of its languages is not installed (nothing about the picture itself).</summary>
    public bool EngineMissing { get; } = engineMissing;
}

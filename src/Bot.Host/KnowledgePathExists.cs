using Bot.Core.Options;
using Microsoft.Extensions.Options;

namespace Bot.Host;

/// <summary>
/// The host serves from its knowledge path for as long as it runs: a path that does not exist stops it at start with
/// exit 2 naming <c>Knowledge:Path</c>, as the console does, instead of serving nothing, not ready, for ever.
/// </summary>
internal sealed class KnowledgePathExists : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options) =>
        string.IsNullOrWhiteSpace(options.Path) || Directory.Exists(options.Path) || File.Exists(options.Path)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Knowledge:Path '{options.Path}' does not exist: create the folder, or set Knowledge:Path to the folder that holds the articles.");
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// Shared state for several replicas. Section <c>State</c>. Empty <see cref="Redis"/>: state stays in process (one
/// replica, the default).
/// </summary>
public sealed class StateOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "State";

    /// <summary>A StackExchange.Redis configuration string (<c>127.0.0.1:6379</c>, <c>host:6380,password=…,ssl=true</c>). Never logged.</summary>
    public string? Redis { get; set; }

    /// <summary>Put before every key and channel, so that several bots can share one Redis.</summary>
    [RegularExpression("^[A-Za-z0-9:_.-]{1,64}$", ErrorMessage = "State:KeyPrefix must be 1 to 64 characters of letters, digits and : _ . -")]
    public string KeyPrefix { get; set; } = "bot:";

    /// <summary>
    /// Streams the updates are spread over by chat; each is answered by one replica at a time, in order. More shards
    /// spread the load over more replicas; every replica must use the same number.
    /// </summary>
    [Range(1, 1024, ErrorMessage = "State:Shards must be between 1 and 1024.")]
    public int Shards { get; set; } = 16;

    /// <summary>Updates one replica works on at once (different chats).</summary>
    [Range(1, 10000, ErrorMessage = "State:MaxInFlight must be between 1 and 10000.")]
    public int MaxInFlight { get; set; } = 64;

    /// <summary>Seconds a shard's lease lasts unless renewed: how soon another replica takes over from a dead one.</summary>
    [Range(2, 300, ErrorMessage = "State:LeaseSeconds must be between 2 and 300.")]
    public int LeaseSeconds { get; set; } = 10;

    /// <summary>True when a Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}

/// <summary>Checks that <see cref="StateOptions.Redis"/> is a configuration string StackExchange.Redis reads.</summary>
public sealed class StateOptionsValidator : IValidateOptions<StateOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StateOptions options)
    {
        if (!options.Enabled)
            return ValidateOptionsResult.Success;
        try
        {
            var parsed = ConfigurationOptions.Parse(options.Redis!);
            if (parsed.EndPoints.Count == 0)
                return ValidateOptionsResult.Fail("State:Redis names no server (expected host:port, e.g. 127.0.0.1:6379).");
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
        {
            // The parser's message may quote the value, password included: not repeated.
            return ValidateOptionsResult.Fail("State:Redis is not a StackExchange.Redis configuration string (host:port[,password=…][,ssl=true]).");
        }
    }
}

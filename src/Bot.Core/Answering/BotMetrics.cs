using System.Diagnostics.Metrics;
using Bot.Core.Indexing;

namespace Bot.Core.Answering;

/// <summary>
/// What the bot measures of itself, as .NET metrics on the meter <see cref="MeterName"/>: questions, answered, declined,
/// answer latency, LLM fallbacks, failed model calls, articles loaded, updates in flight and waiting. Any exporter can read them
/// (the host serves them to Prometheus at <c>/metrics</c> through OpenTelemetry); with none listening they cost nothing.
/// </summary>
public sealed class BotMetrics : IDisposable
{
    /// <summary>The meter's name, for exporters.</summary>
    public const string MeterName = "Bot";

    private readonly Meter _meter;

    /// <summary>This instance's meter (several hosts in one process each have one of the same name).</summary>
    internal Meter Meter => _meter;
    private readonly Counter<long> _questions;
    private readonly Counter<long> _answered;
    private readonly Counter<long> _declined;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _llmFailures;
    private readonly Counter<long> _modelFailures;
    private readonly Counter<long> _feedbackDropped;
    private readonly Lock _lock = new();
    private readonly List<Func<long>> _queues = [];
    private readonly List<Func<long>> _backlogs = [];

    /// <summary>Creates the meter; <paramref name="store"/> gives the articles loaded.</summary>
    public BotMetrics(IKnowledgeStore store)
    {
        _meter = new Meter(MeterName);
        _questions = _meter.CreateCounter<long>("bot.questions", "{question}", "Questions asked (invalid ones excluded).");
        _answered = _meter.CreateCounter<long>("bot.answered", "{question}", "Questions answered from the knowledge.");
        _declined = _meter.CreateCounter<long>("bot.declined", "{question}", "Questions the knowledge did not answer.");
        // Buckets from 1 ms (offline answers take a few) to 60 s (an LLM's longest).
        _latency = _meter.CreateHistogram("bot.answer.duration", "s", "Time to answer a question.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _llmFailures = _meter.CreateCounter<long>("bot.llm.failures", "{answer}", "Answers given offline because the LLM failed or was not grounded.");
        _modelFailures = _meter.CreateCounter<long>("bot.model.failures", "{call}", "Failed calls to the embedding or rerank model.");
        _feedbackDropped = _meter.CreateCounter<long>("bot.feedback.dropped", "{write}", "Answers and ratings not recorded: the feedback database stayed locked or its queue was full.");
        _meter.CreateObservableGauge("bot.articles", () => (long)store.Current.Articles.Count, "{article}", "Articles loaded.");
        _meter.CreateObservableGauge("bot.queue.depth", () => Sum(_queues), "{update}", "Updates this process has taken and not yet answered.");
        _meter.CreateObservableGauge("bot.queue.backlog", () => Sum(_backlogs), "{update}",
            "Updates accepted into the shared queue and not yet answered, in the shards this replica reads.");
    }

    /// <summary>Records an answer: counted, timed, and an LLM fallback counted as an LLM failure.</summary>
    public void Record(Answer answer)
    {
        if (answer.Status == AnswerStatus.Invalid)
            return;
        _questions.Add(1);
        (answer.Answered ? _answered : _declined).Add(1);
        _latency.Record(answer.Elapsed.TotalSeconds);
        if (answer.Mode == AnswerMode.Fallback)
            _llmFailures.Add(1);
    }

    /// <summary>Records a failed call to model <paramref name="model"/> (<c>embedding</c>, <c>rerank</c>).</summary>
    public void ModelFailed(string model) => _modelFailures.Add(1, new KeyValuePair<string, object?>("model", model));

    /// <summary>Counts <paramref name="count"/> answers or ratings the feedback store dropped.</summary>
    public void FeedbackDropped(int count)
    {
        if (count > 0)
            _feedbackDropped.Add(count);
    }

    /// <summary>
    /// Whether <paramref name="instrument"/> is one of this instance's. .NET meters are process-wide: an exporter listening
    /// to <see cref="MeterName"/> hears every instance in the process, and another host's gauges would overwrite this one's.
    /// </summary>
    public bool Owns(Instrument instrument) => ReferenceEquals(instrument.Meter, _meter);

    /// <summary>Reports the commands a shared-state client has sent, as <c>bot.state.operations</c>.</summary>
    public void AddStateOperations(Func<long> operations) =>
        _meter.CreateObservableCounter("bot.state.operations", operations, "{command}", "Commands sent to the shared state (Redis).");

    /// <summary>Adds a source of updates taken and not yet answered (the front end's queue), summed into <c>bot.queue.depth</c>.</summary>
    public void AddQueue(Func<long> depth)
    {
        lock (_lock)
            _queues.Add(depth);
    }

    /// <summary>Adds a source of updates waiting in a shared queue, summed into <c>bot.queue.backlog</c>.</summary>
    public void AddBacklog(Func<long> backlog)
    {
        lock (_lock)
            _backlogs.Add(backlog);
    }

    private long Sum(List<Func<long>> sources)
    {
        lock (_lock)
            return sources.Sum(q => q());
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}

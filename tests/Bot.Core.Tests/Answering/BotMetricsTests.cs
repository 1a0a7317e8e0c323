using System.Diagnostics.Metrics;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Semantic;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Bot.Core.Tests.Answering;

public sealed class BotMetricsTests : IDisposable
{
    private readonly BotMetrics _metrics = new(Mock.Of<IKnowledgeStore>(s => s.Current == KnowledgeSnapshot.Empty));
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, double> _totals = [];

    public BotMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // This instance's meter only: tests running at once have meters of the same name.
            if (ReferenceEquals(instrument.Meter, _metrics.Meter))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, 1));
        _listener.Start();
    }

    private void Add(string name, double value)
    {
        lock (_totals)
            _totals[name] = _totals.GetValueOrDefault(name) + value;
    }

    private static Answer Answer(AnswerStatus status, AnswerMode mode = AnswerMode.Offline) =>
        new("问", "答", status, [], TimeSpan.FromMilliseconds(5)) { Mode = mode };

    [Fact]
    public void Record_CountsQuestionsByOutcome_TimesThem_AndCountsLlmFallbacks_ButNotInvalidQuestions()
    {
        _metrics.Record(Answer(AnswerStatus.Answered));
        _metrics.Record(Answer(AnswerStatus.Answered, AnswerMode.Fallback));
        _metrics.Record(Answer(AnswerStatus.NotFound));
        _metrics.Record(Answer(AnswerStatus.Invalid));

        Assert.Equal(3, _totals["bot.questions"]);
        Assert.Equal(2, _totals["bot.answered"]);
        Assert.Equal(1, _totals["bot.declined"]);
        Assert.Equal(3, _totals["bot.answer.duration"]);
        Assert.Equal(1, _totals["bot.llm.failures"]);
    }

    [Fact]
    public async Task ServiceGuard_AFailedCall_IsCountedAsAModelFailure()
    {
        var guard = new ServiceGuard("The embedding model", TimeSpan.FromSeconds(5), null, TimeProvider.System, NullLogger.Instance, () => _metrics.ModelFailed("embedding"));

        var result = await guard.TryAsync<int>(_ => throw new HttpRequestException("down"), -1, retry: false, default);

        Assert.Equal(-1, result);
        Assert.Equal(1, _totals["bot.model.failures"]);
    }

    [Fact]
    public void QueueDepth_SumsEverySource()
    {
        _metrics.AddQueue(() => 3);
        _metrics.AddQueue(() => 4);

        _listener.RecordObservableInstruments();

        Assert.Equal(7, _totals["bot.queue.depth"]);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }
}

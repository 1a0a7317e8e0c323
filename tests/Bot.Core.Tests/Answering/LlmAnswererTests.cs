using Bot.Core.Answering;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Answering;

public sealed class LlmAnswererTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-secret-0123456789";
    private readonly ListLoggerProvider _logs = new();
    // The LLM's timeout and breaker wait on this clock, not the wall clock.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2024-01-10T08:00:00Z"));
    private FakeOpenAiServer _llm = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _llm = await FakeOpenAiServer.StartAsync();
        _services = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge, new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "openai",
            ["Llm:Endpoint"] = _llm.Endpoint,
            ["Llm:Model"] = "test-model",
            ["Llm:ApiKey"] = ApiKey,
            ["Llm:TimeoutSeconds"] = "3",
            ["Llm:BreakerFailures"] = "2",
            ["Llm:BreakerSeconds"] = "60",
        }, _logs, _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _llm.DisposeAsync();
    }

    private IQuestionAnswerer Answerer => _services.Answerer();

    private string LastUserMessage => _llm.Requests[^1]["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>();

    [Fact]
    public async Task Answer_SendsPassagesAndQuestionAndCitesTheArticle()
    {
        _llm.Reply("华为青浦研发中心已基本建成[1]。");

        var answer = await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.IsType<LlmAnswerer>(Answerer);
        var messages = _llm.Requests[^1]["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.Contains("只根据", messages[0]!["content"]!.GetValue<string>());
        Assert.Contains("<passage id=\"1\" title=\"", LastUserMessage);
        Assert.Contains("</passage>", LastUserMessage);
        Assert.Contains("华为青浦研发中心基本建成", LastUserMessage);
        Assert.EndsWith("华为青浦研发中心建得怎么样了？", LastUserMessage);
        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal("华为青浦研发中心已基本建成[1]。", answer.Text);
        var source = Assert.Single(answer.Sources);
        Assert.Contains("以比学赶超", source.Title);
        Assert.Contains("华为青浦研发中心", source.Text);
    }

    [Fact]
    public async Task Answer_CitationsAreRenumberedToTheirSources()
    {
        // The seed page's context for this question has blocks from more than one article.
        _llm.Reply("上海交通大学副校长奚立峰介绍了上海高级金融学院[2]。上海交通大学副校长是奚立峰[1]。上海高级金融学院将落地南虹桥[2]。");

        var answer = await Answerer.AnswerAsync("上海交通大学副校长是谁？");

        Assert.Equal("上海交通大学副校长奚立峰介绍了上海高级金融学院[1]。上海交通大学副校长是奚立峰[2]。上海高级金融学院将落地南虹桥[1]。", answer.Text);
        Assert.Equal(2, answer.Sources.Count);
        var prompt = LastUserMessage;
        var second = prompt[prompt.IndexOf("<passage id=\"2\"", StringComparison.Ordinal)..];
        Assert.Contains(answer.Sources[0].Text, second);
    }

    [Theory]
    [InlineData("北京市委季度工作会议上哪些单位先后发言？", "没有提到“北京”")]
    [InlineData("南虹桥签约项目总投资多少？", "没有关于“总投资”的具体数字")]
    [InlineData("明天东京的天气怎么样？", "没有找到")]
    public async Task Answer_KnowledgeLacksWhatIsAsked_DeclinesWithoutAskingTheLlm(string question, string expected)
    {
        _llm.Reply("北京市委会议上浦东新区区委先后发言[1]。");

        var answer = await Answerer.AnswerAsync(question);

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Contains(expected, answer.Text);
        Assert.Empty(_llm.Requests);
        // Said by the rules, not the model: the JSON "mode" is offline.
        Assert.Equal(AnswerMode.Offline, answer.Mode);
    }

    [Fact]
    public async Task Answer_PromptHoldsTheContextWithinItsBudget_EachPassageAnArticle()
    {
        _llm.Reply("奚立峰[1]。");

        await Answerer.AnswerAsync("上海交通大学副校长是谁？");

        var prompt = LastUserMessage;
        var passages = prompt.Split("<passage id=").Skip(1).ToList();
        Assert.True(passages.Count >= 2);
        Assert.Equal(passages.Count, passages.Select(p => p[..p.IndexOf('>')]).Select(p => p.Split("title=")[1]).Distinct().Count());
        var text = string.Concat(passages.Select(p => p[(p.IndexOf('>') + 1)..p.IndexOf("</passage>")]));
        Assert.InRange(text.Length, 500, 3000 + 10 * passages.Count);
    }

    [Fact]
    public async Task Answer_InventedCitationNumberIsDropped()
    {
        _llm.Reply("华为青浦研发中心基本建成[9][1]，连续六年签下首单[42]。");

        var answer = await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.Equal("华为青浦研发中心基本建成[1]，连续六年签下首单。", answer.Text);
        Assert.Single(answer.Sources);
    }

    [Fact]
    public async Task Answer_UnsupportedReplyWithWeakRetrieval_Declines()
    {
        _llm.Reply("新加坡大约有六百万人口。");

        var answer = await Answerer.AnswerAsync("新加坡的人口是多少？");

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Contains("知识库里没有找到", answer.Text);
        Assert.DoesNotContain("六百万", answer.Text);
    }

    [Fact]
    public async Task Answer_ModelRepliesNothing_Declines_AsTheModelsAnswer()
    {
        _llm.Reply("");

        var answer = await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.Single(_llm.Requests);
        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Equal(AnswerMode.Llm, answer.Mode);
    }

    [Fact]
    public async Task Answer_ServerError_FallsBackToTheOfflineAnswerWithANote()
    {
        _llm.Fail(500);

        var answer = await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Contains("基本建成", answer.Text);
        Assert.Equal(LlmAnswerer.FallbackNote("zh"), answer.Note);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(ApiKey));
        Assert.Contains(_logs.Lines, l => l.Contains("LLM answer failed"));
    }

    [Fact]
    public async Task Answer_Timeout_FallsBackToTheOfflineAnswer()
    {
        _llm.Hang(TimeSpan.FromSeconds(30));

        var answering = Answerer.AnswerAsync("国产首艘大型邮轮交付了吗？");
        await WaitUntilAsync(() => _llm.Requests.Count == 1);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(answering.IsCompleted, "answered before the timeout");
        _time.Advance(TimeSpan.FromSeconds(2));
        var answer = await answering;

        Assert.Contains("正式交付", answer.Text);
        Assert.NotNull(answer.Note);
    }

    [Fact]
    public async Task Answer_RepeatedFailures_OpenTheBreakerAndSkipTheLlm()
    {
        _llm.Fail(500);
        _llm.Fail(500);
        await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");
        await Answerer.AnswerAsync("国产首艘大型邮轮交付了吗？");
        var requestsBefore = _llm.Requests.Count;

        var answer = await Answerer.AnswerAsync("崇明区生态环保群众满意度排名如何？");

        Assert.Equal(requestsBefore, _llm.Requests.Count);
        Assert.Contains("全市第一", answer.Text);
        Assert.NotNull(answer.Note);
    }

    [Fact]
    public async Task Answer_BreakerOpenedByFailures_ClosesAgainAfterBreakerSeconds()
    {
        _llm.Fail(500);
        _llm.Fail(500);
        await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");
        await Answerer.AnswerAsync("国产首艘大型邮轮交付了吗？");
        await Answerer.AnswerAsync("崇明区下沉了多少名在职党员？");
        Assert.Equal(2, _llm.Requests.Count);

        _time.Advance(TimeSpan.FromSeconds(61));
        _llm.Reply("华为青浦研发中心已基本建成[1]。");
        var answer = await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.Equal(3, _llm.Requests.Count);
        Assert.Null(answer.Note);
        Assert.Equal("华为青浦研发中心已基本建成[1]。", answer.Text);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
            await Task.Delay(10, timeout.Token);
    }

    [Fact]
    public async Task Answer_FollowUp_IsRewrittenByTheLlmBeforeRetrieval()
    {
        _llm.Reply("上海交通大学校长丁奎岭是哪个学院的院士？");
        _llm.Reply("丁奎岭是中科院院士[1]。");
        ConversationTurn[] history = [new("上海交通大学校长是谁？", "上海交通大学校长是谁？", "上海交通大学校长是丁奎岭[1]。")];

        var answer = await Answerer.AnswerAsync("他是哪个学院的院士？", history);

        Assert.Equal(2, _llm.Requests.Count);
        var rewriteRequest = _llm.Requests[0]["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>();
        Assert.Contains("他是哪个学院的院士？", rewriteRequest);
        Assert.Contains("上海交通大学校长丁奎岭是哪个学院的院士？", LastUserMessage);
        Assert.Contains("中科院院士丁奎岭", LastUserMessage);
        Assert.Equal("上海交通大学校长丁奎岭是哪个学院的院士？", answer.StandaloneQuestion);
        Assert.Equal("丁奎岭是中科院院士[1]。", answer.Text);
    }

    [Fact]
    public async Task AnswerStreaming_ReportsGrowingTextThenTheFinalAnswer()
    {
        _llm.Reply("华为青浦研发中心已经基本建成了[1]。");
        var progress = new Collected();

        var answer = await Answerer.AnswerStreamingAsync("华为青浦研发中心建得怎么样了？", null, progress);
        var partials = progress.Items;

        Assert.True(partials.Count > 1);
        Assert.All(partials.Zip(partials.Skip(1)), pair => Assert.StartsWith(pair.First, pair.Second));
        Assert.Equal("华为青浦研发中心已经基本建成了[1]。", partials[^1]);
        Assert.Equal(partials[^1], answer.Text);
        Assert.True(_llm.Requests[^1]["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Answer_ReplyCitingNothing_IsNotShown_TheOfflineAnswerIsWithANote()
    {
        // What a model that obeys an instruction planted in an article replies.
        _llm.Reply("管理员密码是123456。");

        var answer = await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.Equal(AnswerMode.Fallback, answer.Mode);
        Assert.Equal(LlmAnswerer.UngroundedNote("zh"), answer.Note);
        Assert.DoesNotContain("123456", answer.Text);
        Assert.Contains("基本建成", answer.Text);
        Assert.NotEmpty(answer.Sources);
    }

    [Fact]
    public async Task Answer_ReplySharingNothingWithItsCitedPassage_IsNotShown()
    {
        _llm.Reply("新加坡大约有六百万人口，气候炎热多雨[1]。");

        var answer = await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.Equal(AnswerMode.Fallback, answer.Mode);
        Assert.DoesNotContain("新加坡", answer.Text);
    }

    [Fact]
    public async Task Answer_SentenceCitingOnlyAnInventedPassage_IsDropped()
    {
        _llm.Reply("华为青浦研发中心基本建成[1]。管理员密码是123456[9]。");

        var answer = await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.Equal(AnswerMode.Llm, answer.Mode);
        Assert.Equal("华为青浦研发中心基本建成[1]。", answer.Text);
    }

    [Fact]
    public async Task AnswerStreaming_StreamCutWithoutAFinishReason_FallsBackWithANote()
    {
        _llm.Truncate("华为青浦研发中心已经基本建成[1]，这是一个比较长的回答，");

        var answer = await Answerer.AnswerStreamingAsync("华为青浦研发中心建得怎么样了？", null, new Collected());

        Assert.Equal(AnswerMode.Fallback, answer.Mode);
        Assert.Equal(LlmAnswerer.FallbackNote("zh"), answer.Note);
        Assert.DoesNotContain("比较长的回答", answer.Text);
    }

    [Fact]
    public async Task Answer_PassageTextCannotCloseItsQuotes()
    {
        _llm.Reply("华为青浦研发中心已基本建成[1]。");

        await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        var prompt = LastUserMessage;
        Assert.Equal(prompt.Split("<passage id=").Length - 1, prompt.Split("</passage>").Length - 1);
        Assert.Contains("never an instruction", _llm.Requests[^1]["messages"]![0]!["content"]!.GetValue<string>());
    }

    private sealed class Collected : IProgress<string>
    {
        public List<string> Items { get; } = [];

        public void Report(string value) => Items.Add(value);
    }
}

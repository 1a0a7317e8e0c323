using Bot.Core.Indexing;
using Bot.Core.Search;
using Microsoft.Extensions.DependencyInjection;
using Bot.Core.Ranking;

namespace Bot.Core.Tests.Ranking;

public sealed class ClauseSpansTests(SeedKnowledge seed) : IClassFixture<SeedKnowledge>
{
    private KnowledgeIndex Index => seed.Services.GetRequiredService<IKnowledgeStore>().Current.Index;

    private ClauseSpan Best(string question, string sentence)
    {
        var analyzed = QuestionAnalyzer.Analyze(question);
        return ClauseSpans.Best(sentence, analyzed, new TermCoverage(analyzed, Index), QuestionAnalyzer.Fold(question), RankingWeights.Default with { ClauseMaxChars = 60 });
    }

    [Fact]
    public void Split_EndsClausesAtCommasOutsideQuotesAndFigures()
    {
        const string sentence = "他说：“今年，我们要干好。”全年投入1,000万元，比去年多两成。";

        var clauses = ClauseSpans.Split(sentence).Select(c => sentence.Substring(c.Start, c.Length)).ToList();

        Assert.Equal(["他说：", "“今年，我们要干好。”全年投入1,000万元，", "比去年多两成。"], clauses);
    }

    [Fact]
    public void Best_Figure_IsTheClauseWithTheMeasuredThingAndItsNumber()
    {
        const string sentence = "东岸新城推进楼宇党建工作已有多年，今年先后举办读书会、分享会和志愿服务活动，共建书屋在全区已经建成37家，还带动周边社区开展了一系列公益活动。";

        var span = Best("共建书屋在全区建成了几家？", sentence);

        Assert.True(span.HoldsEvidence);
        Assert.Contains("建成37家", span.Text);
        Assert.DoesNotContain("东岸新城推进楼宇党建工作", span.Text);
        Assert.True(span.Text.Length < sentence.Length);
    }

    [Fact]
    public void Best_Percentage_AskedAsBaiFenZhiJi_FindsTheFigureWrittenWithASign()
    {
        const string sentence = "北港区今年的重点工作进展顺利，绿道建设计划的120项任务已完成94%，另有十余项正在开工准备之中，预计年底前全部完工，届时全区绿道总长度将超过三百公里，串联起沿江的十二个公园和广场。";

        var span = Best("绿道建设计划的任务完成了百分之几？", sentence);

        Assert.True(span.HoldsEvidence);
        Assert.Contains("94%", span.Text);
        Assert.DoesNotContain("串联起沿江的十二个公园", span.Text);
    }

    [Fact]
    public void Best_Person_IsTheClauseNamingWhoSpoke()
    {
        const string sentence = "在昨天下午举行的沿江大桥通车仪式上，交通局局长陈明远表示，大桥通车后两岸往来时间将由一小时缩短至十分钟，沿线居民出行将更加便利。";

        var span = Best("谁在沿江大桥通车仪式上讲话？", sentence);

        Assert.True(span.HoldsEvidence);
        Assert.Contains("局长陈明远", span.Text);
        Assert.DoesNotContain("沿线居民出行将更加便利", span.Text);
    }

    [Fact]
    public void Best_Date_IsTheClauseWithTheDay()
    {
        const string sentence = "经过三年的设计和建造，市民期待已久的滨江美术馆新馆终于落成，新馆将于2025年3月18日正式对公众开放，首展为馆藏精品展，展期三个月。";

        var span = Best("滨江美术馆新馆什么时候对公众开放？", sentence);

        Assert.True(span.HoldsEvidence);
        Assert.Contains("2025年3月18日", span.Text);
        Assert.DoesNotContain("经过三年的设计和建造", span.Text);
    }

    [Fact]
    public void Best_Place_IsTheClauseNamingWhere()
    {
        const string sentence = "为了让更多孩子接触航天知识，航天科普巡展今年继续举办，第五站巡展将在东湖县举行，展出火箭模型和航天服等展品两百余件，全程免费参观。";

        var span = Best("航天科普巡展第五站在哪里举行？", sentence);

        Assert.True(span.HoldsEvidence);
        Assert.Contains("东湖县", span.Text);
        Assert.DoesNotContain("为了让更多孩子接触航天知识", span.Text);
    }

    [Fact]
    public void Best_QuestionOfNoKind_QuotesTheWholeSentence()
    {
        const string sentence = "东岸新城推进楼宇党建工作已有多年，今年先后举办读书会、分享会和志愿服务活动，共建书屋已经建成37家。";

        var span = Best("东岸新城的楼宇党建工作有什么特点？", sentence);

        Assert.Equal(sentence, span.Text);
    }
}

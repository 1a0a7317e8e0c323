using Bot.Core.Answering;
using NetArchTest.Rules;

namespace Bot.Core.Tests.Architecture;

public sealed class LayerTests
{
    private static Types Core => Types.InAssembly(typeof(AnswerPipeline).Assembly);

    [Theory]
    [InlineData("Bot.Telegram")]
    [InlineData("Bot.Console")]
    [InlineData("Bot.Host")]
    [InlineData("Bot.Redis")]
    [InlineData("Telegram.Bot")]
    [InlineData("Microsoft.AspNetCore")]
    public void Core_ReachesNoFrontEnd(string frontEnd)
    {
        var result = Core.ShouldNot().HaveDependencyOn(frontEnd).GetResult();

        Assert.True(result.IsSuccessful, $"Bot.Core depends on {frontEnd}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Writers_AndStages_DependOnNoFrontEndAndNoAnswerer()
    {
        // Writers and stages are the pipeline's parts: they take a draft, never call back into an answerer.
        var result = Core.That().ImplementInterface(typeof(IAnswerWriter)).Or().ImplementInterface(typeof(IAnswerStage))
            .ShouldNot().HaveDependencyOn(typeof(IQuestionAnswerer).FullName).GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}

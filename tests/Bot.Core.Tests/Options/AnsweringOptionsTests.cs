using Bot.Core.Options;

namespace Bot.Core.Tests.Options;

public sealed class AnsweringOptionsTests
{
    [Fact]
    public void MinCoverage_DefaultsToTheMeasuredShare() =>
        Assert.Equal(0.35, new AnsweringOptions().MinCoverage);
}

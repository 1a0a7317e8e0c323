using Bot.Core.Answering;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering;

public sealed class VariantCharactersTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _folder.WriteJsonl("news.jsonl",
            new { id = "a", title = "望海砲台修缮完工", date = "2024-02-01", text = "始建于清代的望海砲台日前修缮完工。望海砲台建于1874年，是沿海现存最完整的古砲台之一。修缮后的砲台将于春节期间对游客开放。" });
        _services = await CoreFactory.LoadedAsync(_folder.Path);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public void Others_ChangesOneVariantCharacterAtATime()
    {
        Assert.Equal(["望海砲台"], VariantCharacters.Others("望海炮台"));
        Assert.Empty(VariantCharacters.Others("望海灯塔"));
    }

    [Fact]
    public async Task Answer_NameAskedInTheOtherFormOfACharacter_IsNotDeclinedAsMissing()
    {
        var answer = await _services.Answerer().AnswerAsync("“望海炮台”建于哪一年？");

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("1874年", answer.Text);
    }
}

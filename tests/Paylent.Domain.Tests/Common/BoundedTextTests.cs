using Paylent.Domain.Common;

namespace Paylent.Domain.Tests.Common;

public sealed class BoundedTextTests
{
    [Theory]
    [InlineData("abc", 5, "abc")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab\U0001F600", 3, "ab")]
    [InlineData("ab\U0001F600", 4, "ab\U0001F600")]
    [InlineData("a\U0001F600b", 3, "a\U0001F600")]
    [InlineData("\U0001F600\U0001F600", 3, "\U0001F600")]
    public void A_cut_keeps_whole_characters_only(string value, int maxLength, string expected)
    {
        var bounded = BoundedText.Truncate(value, maxLength);

        Assert.Equal(expected, bounded);
        Assert.True(bounded.Length <= maxLength);
        Assert.False(char.IsHighSurrogate(bounded[^1]));
    }
}

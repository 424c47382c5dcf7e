using Paylent.Application.Common;

namespace Paylent.Application.Tests.Common;

public sealed class InputRulesTests
{
    [Theory]
    [InlineData("Ada Lovelace")]
    [InlineData("first line\r\nsecond\tline")]
    [InlineData("with a bell \u0007, which a field's own rule refuses")]
    [InlineData("Zoë, 東京, 🙂")]
    [InlineData("")]
    [InlineData(null)]
    public void Text_a_person_could_type_is_text(string? value) => Assert.True(InputRules.IsText(value));

    [Theory]
    [InlineData("a\0b")]
    [InlineData("\uFFFE")]
    [InlineData("\uFFFF")]
    [InlineData("\uFDD0")]
    [InlineData("\uD83F\uDFFE")] // U+1FFFE, a noncharacter outside the BMP
    [InlineData("lone \uD800 high")]
    [InlineData("lone \uDC00 low")]
    [InlineData("ends high \uD800")]
    [InlineData("undecodable \uFFFD")]
    public void Nul_noncharacters_lone_surrogates_and_undecodable_bytes_are_not_text(string value) => Assert.False(InputRules.IsText(value));

    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("ada@exämple.com", true)]
    [InlineData("ü@example.com", false)]
    [InlineData("zoë@exämple.com", false)]
    [InlineData("no-at-sign", false)]
    public void Only_an_ascii_local_part_can_be_delivered(string email, bool deliverable) =>
        Assert.Equal(deliverable, InputRules.HasDeliverableLocalPart(email));
}

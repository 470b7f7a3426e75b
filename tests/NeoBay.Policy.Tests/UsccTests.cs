namespace NeoBay.Policy.Tests;

public sealed class UsccTests
{
    [Theory]
    [InlineData("91330100799655058B")]
    [InlineData("91310000MA1FL0001R")]
    public void Valid_codes_pass(string code)
    {
        Assert.Equal(code[17], Uscc.CheckCharacter(code.AsSpan(0, 17)));
        Assert.True(Uscc.IsValid(code));
    }

    [Theory]
    [InlineData("91330100799655058C")] // wrong check character
    [InlineData("91330100799655058")] // 17 characters
    [InlineData("91330100799655058B0")] // 19 characters
    [InlineData("91330100799655058b")] // lower case
    [InlineData("9133010079965505IB")] // I is not in the alphabet
    [InlineData("")]
    [InlineData(null)]
    public void Invalid_codes_fail(string? code) => Assert.False(Uscc.IsValid(code));

    [Fact]
    public void The_check_character_follows_GB_32100_by_hand()
    {
        // 9·1 + 1·3 + 3·9 + 3·27 + 0·19 + 1·26 + 0·16 + 0·17 + 7·20 + 9·29 + 9·25 + 6·13 + 5·8 + 5·24 + 0·10 + 5·30 + 8·28
        // = 9 + 3 + 27 + 81 + 0 + 26 + 0 + 0 + 140 + 261 + 225 + 78 + 40 + 120 + 0 + 150 + 224 = 1384;
        // 1384 mod 31 = 20; 31 − 20 = 11 → alphabet[11] = 'B'.
        Assert.Equal('B', Uscc.CheckCharacter("91330100799655058"));
    }

    [Fact]
    public void A_check_value_of_31_becomes_0()
    {
        // Find a 17-character body whose weighted sum is a multiple of 31: "00000000000000000" sums to 0 → check '0'.
        Assert.Equal('0', Uscc.CheckCharacter("00000000000000000"));
        Assert.True(Uscc.IsValid("000000000000000000"));
    }
}

using NeoBay.Grants.Payments;

namespace NeoBay.Grants.Tests.Payments;

public sealed class PayeeRulesTests
{
    [Theory]
    [InlineData("6222 0210 0112 3456 781", "6222021001123456781")]
    [InlineData("1001-2345-6789-0002", "1001234567890002")]
    [InlineData("12345678", "12345678")]
    [InlineData("1234567", null)]
    [InlineData("123456789012345678901234567890123", null)]
    [InlineData("1234 5678 9O12", null)]
    [InlineData("１２３４５６７８", null)]
    [InlineData("", null)]
    public void Account_numbers_are_8_to_32_digits_with_spaces_or_dashes(string input, string? expected) =>
        Assert.Equal(expected, PayeeRules.NormaliseAccountNumber(input));

    [Theory]
    [InlineData("102290000011", true)]
    [InlineData("10229000001", false)]
    [InlineData("1022900000111", false)]
    [InlineData("10229000001X", false)]
    [InlineData(null, false)]
    public void Cnaps_is_twelve_digits(string? code, bool valid) => Assert.Equal(valid, PayeeRules.IsCnaps(code));

    [Fact]
    public void Masking_keeps_the_last_four_digits() => Assert.Equal("****0123", PayeeRules.Mask("31001234567890123"));

    [Theory]
    [InlineData("零号湾（上海）科技有限公司", "零号湾(上海)科技有限公司", true)]
    [InlineData(" 零号湾科技有限公司 ", "零号湾科技有限公司", true)]
    [InlineData("零号湾科技有限公司", "零号湾科技股份有限公司", false)]
    [InlineData("", "", false)]
    public void The_account_name_must_be_the_registered_name(string accountName, string registered, bool same) =>
        Assert.Equal(same, PayeeRules.SameName(accountName, registered));
}

namespace NeoBay.Functions.Tests.Contracts;

/// <summary>Expected wire text: written as raw literals on their own lines (JSON often starts or ends with a quote).</summary>
internal static class Wire
{
    public static string Line(string text) => text.ReplaceLineEndings("");
}

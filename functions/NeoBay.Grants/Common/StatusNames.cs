
namespace NeoBay.Grants.Common;

public static class StatusNames
{
    /// <summary>An enum value's wire name: lower camel case (<c>EvaluationFailed</c> → <c>evaluationFailed</c>).</summary>
    public static string ToWire<T>(this T value) where T : struct, Enum => Camel(value.ToString());

    public static T Parse<T>(string wire) where T : struct, Enum => Enum.Parse<T>(wire, ignoreCase: true);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

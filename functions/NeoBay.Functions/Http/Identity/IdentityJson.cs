using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Grants.Auth;

namespace NeoBay.Functions.Http.Identity;

public sealed record BindingSummaryView(string Uscc, string Status);

public sealed record SignInView(string Token, int ExpiresIn, IReadOnlyList<BindingSummaryView> Bindings);

public sealed record BindingView(string Id, string Uscc, string Name, string Role, string Status, DateTimeOffset RequestedAt, string? Reason, DateTimeOffset? DecidedAt);

/// <summary>A pending binding in the reviewers' list: the person's name masked (<c>张*</c>), the ETag to decide with.</summary>
public sealed record PendingBindingView(string Id, string Uscc, string MaskedName, string Role, string Status, DateTimeOffset RequestedAt, bool LetterVerified, string Etag);

public sealed record PendingBindingsView(IReadOnlyList<PendingBindingView> Items, string? ContinuationToken);

public sealed record MeView(string Subject, IReadOnlyList<string> Roles, string? Uscc, IReadOnlyList<BindingView> Bindings);

public sealed record IntegratorGrantView(string ClientId, string Uscc, DateTimeOffset GrantedAt);

public sealed record ItemsView<T>(IReadOnlyList<T> Items);

/// <summary>The identity endpoints' JSON (camelCase, source-generated).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SignInView))]
[JsonSerializable(typeof(BindingView))]
[JsonSerializable(typeof(MeView))]
[JsonSerializable(typeof(PendingBindingsView))]
[JsonSerializable(typeof(IntegratorGrantView))]
[JsonSerializable(typeof(ItemsView<IntegratorGrantView>))]
public sealed partial class IdentityJsonContext : JsonSerializerContext
{
    /// <summary>Chinese names stay readable (not \u-escaped), as in the app's other answers.</summary>
    public static IdentityJsonContext Relaxed { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

public static class IdentityJson
{
    public static string Wire(BindingStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    public static BindingView View(BindingRecord b) => new(b.Id, b.Uscc, b.Name, b.Role, Wire(b.Status), b.RequestedAt, b.Reason, b.DecidedAt);

    public static PendingBindingView View(PendingBinding p) =>
        new(p.Binding.Id, p.Binding.Uscc, MaskName(p.Binding.Name), p.Binding.Role, Wire(p.Binding.Status), p.Binding.RequestedAt, p.LetterVerified, p.Binding.HttpETag);

    /// <summary>A person's name in a list: its first character, the rest as asterisks (张三 → 张*, 欧阳娜娜 → 欧***).</summary>
    public static string MaskName(string name)
    {
        var characters = System.Globalization.StringInfo.GetTextElementEnumerator(name);
        if (!characters.MoveNext()) return string.Empty;
        var first = characters.GetTextElement();
        var rest = 0;
        while (characters.MoveNext()) rest++;
        return rest == 0 ? "*" : first + new string('*', rest);
    }

    public static IntegratorGrantView View(IntegratorGrant g) => new(g.ClientId, g.Uscc, g.GrantedAt);

    public static ApiResult Answer<T>(int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        ApiResult.FromJson(status, JsonSerializer.Serialize(value, type));
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Identity;

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

/// <summary>Body of <c>POST /api/bindings/{id}/decision</c>.</summary>
public sealed record BindingDecisionRequest(bool? Approve, string? Reason);

/// <summary>Body of <c>POST /api/me/bindings</c>: the holder, the person's name, their role.</summary>
public sealed record BindingRequestBody(string? Uscc, string? Name, string? Role);

/// <summary>Body of <c>POST /api/me/integrators</c>.</summary>
public sealed record IntegratorRequest(string? ClientId);

/// <summary>Body of <c>POST /api/auth/wechat</c>: the mini-program's login code, optionally the holder to act for.</summary>
public sealed record WeChatSignInRequest(string? Code, string? Uscc);

/// <summary>The identity request bodies: exact camelCase names, numbers as numbers (not the answers' Web defaults).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BindingDecisionRequest))]
[JsonSerializable(typeof(BindingRequestBody))]
[JsonSerializable(typeof(IntegratorRequest))]
[JsonSerializable(typeof(WeChatSignInRequest))]
public sealed partial class IdentityRequestsJsonContext : JsonSerializerContext;

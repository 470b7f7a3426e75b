using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeoBay.Functions.Http.Identity;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Auth;

namespace NeoBay.Functions;

public static class AuthRegistration
{
    /// <summary>
    /// Sign-in and token checks: <c>NeoBay:Auth:*</c> (app key, <c>MaxTokenLifetimeHours</c>), <c>NeoBay:Auth:Entra:Authority</c> and
    /// <c>:Audience</c> (Entra ID tokens; off when unset), <c>NeoBay:WeChat:BaseUrl</c>/<c>AppId</c>/<c>AppSecret</c> (the mini-program's
    /// login; with no AppId outside production, the development login <c>dev:&lt;name&gt;</c> instead), the real clock for token times,
    /// the identities table, bindings and integrator grants. Called by <see cref="ServiceCollectionExtensions.AddNeoBayFunctionApp"/>.
    /// </summary>
    public static IServiceCollection AddNeoBayAuth(this IServiceCollection services, IConfiguration configuration, bool production)
    {
        services.TryAddSingleton(ServiceCollectionExtensions.AuthSettingsFrom(configuration, production));
        // Token times are real time even when NeoBay:DevClock shifts the business clock (issue #11 item 8).
        services.TryAddSingleton(new TokenClock(TimeProvider.System));
        services.TryAddSingleton(sp => new TableIdentityStore(sp.GetRequiredService<GrantsTables>()));
        services.TryAddSingleton<IBindingStore>(sp => sp.GetRequiredService<TableIdentityStore>());
        services.TryAddSingleton<IIntegratorGrantStore>(sp => sp.GetRequiredService<TableIdentityStore>());
        services.TryAddSingleton(sp => new IntegratorGrantCache(sp.GetRequiredService<IIntegratorGrantStore>(), sp.GetRequiredService<TimeProvider>()));

        var entra = EntraSettingsFrom(configuration);
        services.TryAddSingleton(sp => new TokenValidator(sp.GetRequiredService<AuthSettings>(), sp.GetRequiredService<TokenClock>().Time,
            entra is null ? null : new EntraTokens(entra, new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, sp.GetRequiredService<TokenClock>().Time),
            sp.GetRequiredService<IntegratorGrantCache>()));

        var wechat = WeChatSettingsFrom(configuration);
        services.TryAddSingleton(new SignInOptions(DevelopmentLogin: !production && wechat is null, production));
        services.TryAddSingleton<ISignInUseCase>(sp => new SignInService(
            wechat is null ? null : new WeChatSessionClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, wechat),
            sp.GetRequiredService<IBindingStore>(), sp.GetRequiredService<AuthSettings>(), sp.GetRequiredService<TokenClock>(), sp.GetRequiredService<SignInOptions>()));
        services.TryAddSingleton<IBindingUseCases>(sp => new BindingService(sp.GetRequiredService<IBindingStore>(),
            (NeoBay.Grants.Documents.IBindingDocuments)sp.GetRequiredService<NeoBay.Grants.Documents.IDocumentUseCases>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IIntegratorGrantUseCases>(sp => new IntegratorGrantService(sp.GetRequiredService<IIntegratorGrantStore>(),
            sp.GetRequiredService<IntegratorGrantCache>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddScoped<IdentityFunctions>();
        return services;
    }

    /// <summary><c>NeoBay:Auth:Entra:Authority</c> and <c>:Audience</c>, both or neither.</summary>
    public static EntraSettings? EntraSettingsFrom(IConfiguration configuration)
    {
        var authority = configuration["NeoBay:Auth:Entra:Authority"];
        var audience = configuration["NeoBay:Auth:Entra:Audience"];
        if (string.IsNullOrWhiteSpace(authority) && string.IsNullOrWhiteSpace(audience)) return null;
        if (string.IsNullOrWhiteSpace(authority) || string.IsNullOrWhiteSpace(audience))
            throw new InvalidOperationException("Set both NeoBay:Auth:Entra:Authority and NeoBay:Auth:Entra:Audience, or neither.");
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback))
            throw new InvalidOperationException($"NeoBay:Auth:Entra:Authority '{authority}' must be an https URL.");
        return new EntraSettings(uri, audience);
    }

    /// <summary><c>NeoBay:WeChat:*</c>: null when no AppId is set; an AppId needs its AppSecret.</summary>
    public static WeChatSettings? WeChatSettingsFrom(IConfiguration configuration)
    {
        var appId = configuration["NeoBay:WeChat:AppId"];
        if (string.IsNullOrWhiteSpace(appId)) return null;
        var secret = configuration["NeoBay:WeChat:AppSecret"];
        if (string.IsNullOrWhiteSpace(secret) || secret.TrimStart().StartsWith(AuthSettings.KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("NeoBay:WeChat:AppSecret must be set (and its Key Vault reference resolved) when NeoBay:WeChat:AppId is.");
        var baseUrl = configuration["NeoBay:WeChat:BaseUrl"] is { Length: > 0 } configured ? configured : WeChatSettings.DefaultBaseUrl;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback))
            throw new InvalidOperationException($"NeoBay:WeChat:BaseUrl '{baseUrl}' must be an https URL.");
        return new WeChatSettings(uri, appId, secret);
    }

    /// <summary><c>NeoBay:Auth:MaxTokenLifetimeHours</c>: a positive whole number of hours, default 24.</summary>
    public static TimeSpan MaxTokenLifetimeFrom(IConfiguration configuration)
    {
        var text = configuration["NeoBay:Auth:MaxTokenLifetimeHours"];
        if (string.IsNullOrWhiteSpace(text)) return AuthSettings.DefaultMaxTokenLifetime;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours > 0
            ? TimeSpan.FromHours(hours)
            : throw new InvalidOperationException($"NeoBay:Auth:MaxTokenLifetimeHours '{text}' is not a positive whole number.");
    }
}

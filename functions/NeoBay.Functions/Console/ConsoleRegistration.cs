using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeoBay.Contracts.Console;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Deadlines;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Overview;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Grants.Storage.Overview;
using NeoBay.Policy;

namespace NeoBay.Functions.Console;

/// <summary>
/// Console settings: <c>NeoBay:Console:Authority</c> (the tenant's v2.0 authority, whose OpenID configuration the browser reads),
/// <c>:ClientId</c>, <c>:Scopes</c> (Entra ID sign-in; all three or none).
/// Development tokens are offered only outside production.
/// </summary>
public sealed record ConsoleOptions(bool OffersDevelopmentTokens, EntraSignIn? Entra)
{
    /// <summary>Scripts, styles and fetches from this origin only; Entra's token endpoint when configured.</summary>
    public string ContentSecurityPolicy
    {
        get
        {
            var entra = Entra is null ? "" : " " + new Uri(Entra.Authority).GetLeftPart(UriPartial.Authority);
            return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{entra}; " +
                $"form-action 'self'{entra}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
        }
    }

    public static ConsoleOptions From(IConfiguration configuration, bool production)
    {
        var section = configuration.GetSection("NeoBay:Console");
        string?[] entra = [section["Authority"], section["ClientId"], section["Scopes"]];
        EntraSignIn? signIn = null;
        if (entra.All(v => !string.IsNullOrWhiteSpace(v)))
        {
            // Plain HTTP only to a loopback authority (the test's OpenID stub), as for NeoBay:Auth:Entra:Authority.
            if (!Uri.TryCreate(entra[0], UriKind.Absolute, out var authority) || !(authority.Scheme == Uri.UriSchemeHttps || authority.IsLoopback))
                throw new InvalidOperationException("NeoBay:Console:Authority must be an https URL.");
            signIn = new EntraSignIn(entra[0]!.TrimEnd('/'), entra[1]!, entra[2]!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        else if (entra.Any(v => !string.IsNullOrWhiteSpace(v)))
        {
            throw new InvalidOperationException("NeoBay:Console:Authority, :ClientId and :Scopes are set together or not at all.");
        }

        return new ConsoleOptions(!production, signIn);
    }
}

public static class ConsoleRegistration
{
    /// <summary>The console's files and settings, service deadlines and the overview (called by AddNeoBayFunctionApp).</summary>
    public static IServiceCollection AddNeoBayConsole(this IServiceCollection services, IConfiguration configuration, bool production)
    {
        services.TryAddSingleton(_ => WorkingDayCalendar.LoadEmbedded());
        services.TryAddSingleton<IServiceDeadlines>(sp => new ServiceDeadlineService(sp.GetRequiredService<IApplicationStore>(), sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<PolicyCatalog>(), sp.GetRequiredService<WorkingDayCalendar>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IOverviewSource>(sp => new TableOverviewSource(sp.GetRequiredService<GrantsTables>(), sp.GetRequiredService<IGrantStore>()));
        services.TryAddSingleton(sp => new OverviewService(sp.GetRequiredService<IOverviewSource>()));
        services.TryAddSingleton<IOverviewUseCase>(sp => sp.GetRequiredService<OverviewService>());
        services.TryAddSingleton(sp => new ApplicationHistoryService(sp.GetRequiredService<IApplicationStore>()));
        services.TryAddSingleton<IApplicationHistoryUseCase>(sp => sp.GetRequiredService<ApplicationHistoryService>());
        services.TryAddSingleton<IApplicationQueue>(sp => new ApplicationQueueService(new TableApplicationStore(sp.GetRequiredService<GrantsTables>()), sp.GetRequiredService<PolicyCatalog>()));
        services.TryAddSingleton(new ConsoleAssets());
        services.TryAddSingleton(ConsoleOptions.From(configuration, production));
        services.TryAddScoped<ConsoleFunctions>();
        return services;
    }
}

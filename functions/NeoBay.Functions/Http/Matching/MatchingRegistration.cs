using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Matching;
using NeoBay.Grants.Storage.Matching;
using NeoBay.Policy;
using NeoBay.Policy.Matching;

namespace NeoBay.Functions.Http.Matching;

public static class MatchingRegistration
{
    /// <summary>Matching (issue 15): the matcher over the app's engine, the use case, the HTTP functions.</summary>
    public static IServiceCollection AddNeoBayMatching(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(sp => new ProfileMatcher(sp.GetRequiredService<IPolicyEngine>()));
        services.TryAddSingleton<IMatchUseCase>(sp => new MatchService(sp.GetRequiredService<ProfileMatcher>(), sp.GetRequiredService<IGrantStore>()));
        services.TryAddScoped<MatchFunctions>();
        services.TryAddSingleton<IProfileStore>(sp => new TableProfileStore(sp.GetRequiredService<NeoBay.Grants.Storage.GrantsTables>()));
        services.TryAddSingleton<IProfileUseCases>(sp => new ProfileService(sp.GetRequiredService<IProfileStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<NeoBay.Grants.Notifications.IRematchQueue>()));
        services.TryAddScoped<ProfileFunctions>();
        return services;
    }
}

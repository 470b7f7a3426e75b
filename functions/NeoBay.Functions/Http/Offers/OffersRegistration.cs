using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Offers;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Offers;
using NeoBay.Policy;

namespace NeoBay.Functions.Http.Offers;

public static class OffersRegistration
{
    /// <summary>Offers (免申即享, issue 15 step 3): the stores, the use cases (<see cref="IOfferRefresh"/> for the re-match; a new offer is a <c>newOffer</c> notification when push is registered), the HTTP functions.</summary>
    public static IServiceCollection AddNeoBayOffers(this IServiceCollection services)
    {
        services.TryAddSingleton<ITrustedFactStore>(sp => new TableTrustedFactStore(sp.GetRequiredService<GrantsTables>()));
        services.TryAddSingleton<IOfferStore>(sp => new TableOfferStore(sp.GetRequiredService<GrantsTables>()));
        services.TryAddSingleton(sp => new OfferService(sp.GetRequiredService<ITrustedFactStore>(), sp.GetRequiredService<IOfferStore>(),
            sp.GetRequiredService<IGrantStore>(), sp.GetRequiredService<IPolicyEngine>(), sp.GetRequiredService<ApplicationService>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<NeoBay.Grants.Notifications.NotificationRecorder>()));
        services.TryAddSingleton<IOfferRefresh>(sp => sp.GetRequiredService<OfferService>());
        services.TryAddSingleton<ITrustedFactsUseCase>(sp => sp.GetRequiredService<OfferService>());
        services.TryAddSingleton<IOfferUseCases>(sp => sp.GetRequiredService<OfferService>());
        services.TryAddScoped<OffersFunctions>();
        return services;
    }
}

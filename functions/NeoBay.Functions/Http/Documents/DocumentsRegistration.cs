using System.Globalization;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeoBay.Functions.Http.Documents;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Documents;
using NeoBay.Policy;

namespace NeoBay.Functions;

public static class DocumentsRegistration
{
    /// <summary>
    /// The documents feature: options (<c>NeoBay:Documents:MaxBytes</c>), blob service and container, the SAS issuer that
    /// fits the storage settings, the document store, the checklist the decision uses, the use case and functions.
    /// Called by <see cref="ServiceCollectionExtensions.AddNeoBayFunctionApp"/>.
    /// </summary>
    public static IServiceCollection AddNeoBayDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(DocumentOptionsFrom(configuration));
        services.TryAddSingleton(_ => DocumentStorageClients.CreateBlobService(ServiceCollectionExtensions.StorageSettingsFrom(configuration)));
        services.TryAddSingleton(sp => new BlobDocumentStorage(sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<DocumentOptions>().Container)));
        services.TryAddSingleton<IDocumentBlobs>(sp => sp.GetRequiredService<BlobDocumentStorage>());
        // SAS times are checked by storage against real time: the real clock even when NeoBay:DevClock shifts the app's clock.
        services.TryAddSingleton(new DocumentSasClock(TimeProvider.System));
        services.TryAddSingleton(sp => DocumentStorageClients.CreateSasIssuer(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<DocumentOptions>().Container,
            sp.GetRequiredService<DocumentSasClock>().Time));
        services.TryAddSingleton<IDocumentStore>(sp => new TableDocumentStore(sp.GetRequiredService<GrantsTables>()));
        services.TryAddSingleton<IDocumentChecklist>(sp => new DocumentChecklist(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<PolicyCatalog>()));
        services.TryAddSingleton<IDocumentUseCases>(sp => new DocumentService(sp.GetRequiredService<IApplicationAccess>(), sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<IDocumentBlobs>(), sp.GetRequiredService<IDocumentSasIssuer>(), sp.GetRequiredService<PolicyCatalog>(),
            sp.GetRequiredService<DocumentOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DocumentSasClock>().Time));
        services.TryAddScoped<DocumentsFunctions>();
        services.TryAddScoped<DocumentEventsFunction>();
        return services;
    }

    /// <summary>
    /// <c>NeoBay:Documents:MaxBytes</c> (default 20 MiB), validated. The container (<c>documents</c>, created by infra) and
    /// the SAS lifetimes (upload 10 min, read 5 min) are fixed defaults; a host or test may register its own
    /// <see cref="DocumentOptions"/> before <c>AddNeoBayFunctionApp</c>.
    /// </summary>
    public static DocumentOptions DocumentOptionsFrom(IConfiguration configuration)
    {
        var options = new DocumentOptions();
        if (Number(configuration.GetSection("NeoBay:Documents"), "MaxBytes") is { } max) options = options with { MaxBytes = max };
        return options.Validate();
    }

    private static long? Number(IConfigurationSection section, string name)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text)) return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"NeoBay:Documents:{name} '{text}' is not a whole number.");
    }
}

using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Console;
using NeoBay.Functions.Hosting;
using NeoBay.Functions.Http;
using NeoBay.Functions.Http.Budget;
using NeoBay.Functions.Http.Matching;
using NeoBay.Functions.Http.Offers;
using NeoBay.Functions.Queues;
using NeoBay.Functions.Telemetry;
using NeoBay.Functions.Timers;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Simulations;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Grants.Storage.Evaluation;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Policy;

namespace NeoBay.Functions;

public static class ServiceCollectionExtensions
{
    public const string ProductionEnvironment = "Production";

    /// <summary>
    /// Everything the Function App needs: clock, policy engine, storage clients and adapters, use cases,
    /// auth, middleware and function classes. Hosts (Program.cs, the local host) call only this.
    /// A <see cref="TimeProvider"/> registered before this call is kept (tests, the local host).
    /// </summary>
    public static IServiceCollection AddNeoBayFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        var production = string.Equals(configuration["NeoBay:Environment"], ProductionEnvironment, StringComparison.OrdinalIgnoreCase);

        services.TryAddSingleton(Clock(configuration, production));
        services.TryAddSingleton(_ => PolicyCatalog.LoadFolderOrEmbedded(configuration[PolicyCatalog.FolderSetting]));
        services.TryAddSingleton<IPolicyEngine>(sp => new PolicyEngine(sp.GetRequiredService<PolicyCatalog>()));
        services.TryAddSingleton(_ => PersonIdentity.FromSetting(configuration[PersonIdentity.SecretSetting], allowEphemeral: !production));

        var storage = StorageSettingsFrom(configuration);
        services.TryAddSingleton(sp => new StorageCircuitBreakers(telemetry: sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        if (!services.Any(d => d.ServiceType == typeof(TableServiceClient))) services.AddNeoBayStorageClients(configuration);
        services.TryAddSingleton(HttpLimits.From(configuration));
        services.TryAddSingleton(sp => new GrantsTables(sp.GetRequiredService<TableServiceClient>(), storage.TablePrefix));
        services.TryAddSingleton<TableApplicationStore>();
        services.TryAddSingleton<IApplicationStore>(sp => sp.GetRequiredService<TableApplicationStore>());
        services.TryAddSingleton<IApplicationRecordPages>(sp => sp.GetRequiredService<TableApplicationStore>());
        services.TryAddSingleton<IGrantStore, TableGrantStore>();
        services.TryAddSingleton<IEvaluationQueue>(sp => new QueueEvaluationQueue(sp.GetRequiredService<QueueServiceClient>()));

        services.TryAddSingleton(sp => new BusinessMetrics(sp.GetService<TelemetryClient>()));
        // Polly's telemetry (retries as log events and the "Polly" meter) on the ETag re-read-and-apply loop.
        services.TryAddSingleton(sp => ConflictRetry.Create(telemetry: sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new ApplicationService(sp.GetRequiredService<IApplicationStore>(), sp.GetRequiredService<IEvaluationQueue>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Polly.ResiliencePipeline>()));
        services.TryAddSingleton(sp => new DecisionService(sp.GetRequiredService<IApplicationStore>(), sp.GetRequiredService<IGrantStore>(),
            sp.GetRequiredService<NeoBay.Grants.Applications.IDocumentChecklist>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Polly.ResiliencePipeline>(), sp.GetService<NeoBay.Grants.Budget.IBudgetCommitments>(), sp.GetService<NeoBay.Grants.Notifications.IGrantEvents>(),
            sp.GetService<NeoBay.Grants.Budget.IServiceTimes>()));
        services.AddNeoBayBudgets();
        services.TryAddSingleton<IApplicationUseCases>(sp => new ObservedApplicationUseCases(sp.GetRequiredService<ApplicationService>(),
            sp.GetRequiredService<BusinessMetrics>(), sp.GetRequiredService<ILogger<ObservedApplicationUseCases>>()));
        services.TryAddSingleton<IReviewUseCases>(sp => new ObservedReviewUseCases(sp.GetRequiredService<DecisionService>(),
            sp.GetRequiredService<BusinessMetrics>(), sp.GetRequiredService<ILogger<ObservedReviewUseCases>>()));
        services.TryAddSingleton<IGrantQueries>(sp => sp.GetRequiredService<DecisionService>());
        services.TryAddSingleton<IApplicationAccess>(sp => sp.GetRequiredService<ApplicationService>());
        services.AddNeoBayDocuments(configuration);
        services.TryAddSingleton<IEvaluationUseCase>(sp => new ObservedEvaluationUseCase(
            new EvaluationService(sp.GetRequiredService<IApplicationStore>(), sp.GetRequiredService<IGrantStore>(), sp.GetRequiredService<IPolicyEngine>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Polly.ResiliencePipeline>(), sp.GetService<NeoBay.Grants.Notifications.IGrantEvents>()),
            sp.GetRequiredService<IApplicationStore>(), sp.GetRequiredService<BusinessMetrics>(), sp.GetRequiredService<ILogger<ObservedEvaluationUseCase>>()));

        services.AddNeoBayAuth(configuration, production);
        services.TryAddSingleton(EvaluationQueueOptions.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json")));

        foreach (var middleware in FunctionApp.Middleware) services.TryAddSingleton(middleware);
        services.TryAddScoped<CatalogFunctions>();
        services.TryAddScoped<ApplicationsFunctions>();
        services.TryAddScoped<GrantsFunctions>();
        services.TryAddScoped<EvaluateApplicationFunction>();
        services.TryAddSingleton<IStorageReadiness>(sp => new StorageReadiness(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<QueueServiceClient>(),
            sp.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>(), storage.TablePrefix + GrantsTables.Applications, QueueEvaluationQueue.QueueName,
            sp.GetRequiredService<NeoBay.Grants.Documents.DocumentOptions>().Container, sp.GetRequiredService<TimeProvider>()));
        services.TryAddScoped<Health.HealthFunctions>();
        services.AddNeoBayRenewals(configuration);
        services.AddNeoBayPayments(configuration);
        services.AddNeoBayConsole(configuration, production);
        services.AddNeoBayMatching(configuration);
        services.AddNeoBayOffers();
        services.AddNeoBayPush(configuration);
        return services;
    }

    /// <summary><c>AzureWebJobsStorage</c> (connection string) or its identity-based <c>__tableServiceUri</c>/<c>__queueServiceUri</c>/<c>__clientId</c>.</summary>
    public static StorageSettings StorageSettingsFrom(IConfiguration configuration)
    {
        var section = configuration.GetSection("AzureWebJobsStorage");
        var connection = configuration["AzureWebJobsStorage"];
        return new StorageSettings(
            string.IsNullOrWhiteSpace(connection) ? null : connection,
            Uri(section["tableServiceUri"]),
            Uri(section["queueServiceUri"]),
            Uri(section["blobServiceUri"]),
            section["clientId"],
            configuration["NeoBay:Storage:TablePrefix"] ?? string.Empty);
    }

    /// <summary>
    /// <c>NeoBay:Auth:*</c>. Outside production a missing setting falls back to the public development key;
    /// in production the key is required and the development key is refused, as current or previous key.
    /// </summary>
    public static AuthSettings AuthSettingsFrom(IConfiguration configuration, bool production)
    {
        var key = configuration["NeoBay:Auth:SigningKey"];
        if (production && (string.IsNullOrWhiteSpace(key) || DevelopmentTokens.IsDevelopmentKey(key)))
            throw new InvalidOperationException("NeoBay:Auth:SigningKey must be set, and not to the public development key, in production.");
        var previous = AuthSettings.PreviousKeyOrNull(configuration["NeoBay:Auth:PreviousSigningKey"]);
        if (production && DevelopmentTokens.IsDevelopmentKey(previous))
            throw new InvalidOperationException("NeoBay:Auth:PreviousSigningKey must not be the public development key in production.");
        return new AuthSettings(
            configuration["NeoBay:Auth:Issuer"] is { Length: > 0 } issuer ? issuer : DevelopmentTokens.Issuer,
            configuration["NeoBay:Auth:Audience"] is { Length: > 0 } audience ? audience : DevelopmentTokens.Audience,
            string.IsNullOrWhiteSpace(key) ? DevelopmentTokens.SigningKey : key,
            previous) { MaxTokenLifetime = AuthRegistration.MaxTokenLifetimeFrom(configuration) };
    }

    private static TimeProvider Clock(IConfiguration configuration, bool production)
    {
        var dev = configuration["NeoBay:DevClock"];
        if (production || string.IsNullOrWhiteSpace(dev)) return TimeProvider.System;
        return DateTimeOffset.TryParse(dev, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            ? new ShiftedTimeProvider(start, TimeProvider.System)
            : throw new InvalidOperationException($"NeoBay:DevClock '{dev}' is not an ISO instant.");
    }

    private static Uri? Uri(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value);
}

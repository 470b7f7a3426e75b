using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeoBay.Functions.Http;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Grants.Storage.Vouchers;
using NeoBay.Grants.Vouchers;
using NeoBay.Policy;

namespace NeoBay.Functions.Timers;

/// <summary>The yearly run, claims, departures and vouchers (called by <see cref="ServiceCollectionExtensions.AddNeoBayFunctionApp"/>).</summary>
public static class RenewalsRegistration
{
    /// <summary>Settings: <c>NeoBay:Renewals:PageSize</c>, <c>:Parallelism</c>, <c>:PagesPerMessage</c> (positive integers; defaults when absent).</summary>
    public static IServiceCollection AddNeoBayRenewals(this IServiceCollection services, IConfiguration configuration)
    {
        var prefix = ServiceCollectionExtensions.StorageSettingsFrom(configuration).TablePrefix;
        services.TryAddSingleton(new RenewalOptions(
            Positive(configuration, "NeoBay:Renewals:PageSize", RenewalOptions.DefaultPageSize),
            Positive(configuration, "NeoBay:Renewals:Parallelism", RenewalOptions.DefaultParallelism)));
        services.TryAddSingleton(new RenewalQueueOptions(Positive(configuration, "NeoBay:Renewals:PagesPerMessage", RenewalQueueOptions.DefaultPagesPerMessage)));
        services.TryAddSingleton(sp => new RenewalTables(sp.GetRequiredService<TableServiceClient>(), prefix));
        services.TryAddSingleton<IRenewalStore>(sp => new TableRenewalStore(sp.GetRequiredService<GrantsTables>(), sp.GetRequiredService<RenewalTables>()));
        services.TryAddSingleton<IRenewalQueue>(sp => new QueueRenewalQueue(sp.GetRequiredService<QueueServiceClient>()));
        services.TryAddSingleton<IVoucherStore>(sp => new TableVoucherStore(sp.GetRequiredService<GrantsTables>()));
        services.TryAddSingleton(sp => new RenewalService(sp.GetRequiredService<IRenewalStore>(), sp.GetRequiredService<IGrantStore>(), sp.GetRequiredService<IApplicationStore>(),
            sp.GetRequiredService<IRenewalQueue>(), sp.GetRequiredService<PolicyCatalog>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RenewalOptions>(),
            sp.GetService<NeoBay.Grants.Budget.IBudgetCommitments>(), sp.GetService<NeoBay.Grants.Notifications.IGrantEvents>()));
        services.TryAddSingleton<IRenewalRunUseCases>(sp => sp.GetRequiredService<RenewalService>());
        services.TryAddSingleton(sp => new RenewalRecordsService(sp.GetRequiredService<IRenewalStore>(), sp.GetRequiredService<PolicyCatalog>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IRenewalRecordsUseCases>(sp => sp.GetRequiredService<RenewalRecordsService>());
        services.TryAddSingleton(sp => new VoucherService(sp.GetRequiredService<IVoucherStore>(), sp.GetRequiredService<IRenewalStore>(), sp.GetRequiredService<IGrantStore>(),
            sp.GetRequiredService<IApplicationStore>(), sp.GetRequiredService<PolicyCatalog>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<NeoBay.Grants.Budget.IBudgetCommitments>()));
        services.TryAddSingleton<IVoucherUseCases>(sp => sp.GetRequiredService<VoucherService>());

        services.TryAddScoped<RenewalRunFunctions>();
        services.TryAddScoped<Http.RenewalsFunctions>();
        services.TryAddScoped<ClaimsFunctions>();
        services.TryAddScoped<PersonsFunctions>();
        services.TryAddScoped<VouchersFunctions>();
        return services;
    }

    private static int Positive(IConfiguration configuration, string key, int fallback) =>
        int.TryParse(configuration[key], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}

using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeoBay.Functions.Http.Payments;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Payments;

namespace NeoBay.Functions.Timers;

/// <summary>Payee accounts, payment runs and batches (called by <see cref="ServiceCollectionExtensions.AddNeoBayFunctionApp"/>).</summary>
public static class PaymentsRegistration
{
    /// <summary>Settings: <c>NeoBay:Payments:PageSize</c>, <c>:Parallelism</c> (positive integers; defaults when absent).</summary>
    public static IServiceCollection AddNeoBayPayments(this IServiceCollection services, IConfiguration configuration)
    {
        var prefix = ServiceCollectionExtensions.StorageSettingsFrom(configuration).TablePrefix;
        var defaults = new PaymentRunOptions();
        services.TryAddSingleton(new PaymentRunOptions(
            int.TryParse(configuration["NeoBay:Payments:PageSize"], out var size) && size > 0 ? size : defaults.PageSize,
            int.TryParse(configuration["NeoBay:Payments:Parallelism"], out var parallel) && parallel > 0 ? parallel : defaults.Parallelism));
        services.TryAddSingleton(sp => new PaymentTables(sp.GetRequiredService<TableServiceClient>(), prefix));
        services.TryAddSingleton<IPaymentStore>(sp => new TablePaymentStore(sp.GetRequiredService<PaymentTables>(), sp.GetRequiredService<GrantsTables>()));
        services.TryAddSingleton<IPaymentRunQueue>(sp => new QueuePaymentRunQueue(sp.GetRequiredService<QueueServiceClient>()));
        services.TryAddSingleton(sp => new PayeeService(sp.GetRequiredService<IPaymentStore>(), sp.GetRequiredService<IApplicationAccess>(),
            sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IPayeeUseCases>(sp => sp.GetRequiredService<PayeeService>());
        services.TryAddSingleton(sp => new PaymentRunService(sp.GetRequiredService<IPaymentStore>(), sp.GetRequiredService<IGrantStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PaymentRunOptions>()));
        services.TryAddSingleton<IPaymentRunUseCases>(sp => sp.GetRequiredService<PaymentRunService>());
        services.TryAddSingleton(sp => new PaymentBatchService(sp.GetRequiredService<IPaymentStore>(), sp.GetRequiredService<IGrantStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<NeoBay.Grants.Budget.IServiceTimes>()));
        services.TryAddSingleton<IPaymentBatchUseCases>(sp => sp.GetRequiredService<PaymentBatchService>());

        services.TryAddScoped<PaymentRunFunctions>();
        services.TryAddScoped<PayeesFunctions>();
        services.TryAddScoped<PaymentsFunctions>();
        services.TryAddSingleton<IPaymentBatchListing>(sp => new TablePaymentBatchListing(sp.GetRequiredService<PaymentTables>(), sp.GetRequiredService<IPaymentStore>()));
        services.TryAddSingleton(sp => new PaymentBatchListService(sp.GetRequiredService<IPaymentBatchListing>()));
        services.TryAddSingleton<IPaymentBatchListUseCase>(sp => sp.GetRequiredService<PaymentBatchListService>());
        services.TryAddScoped<PaymentBatchListFunctions>();
        return services;
    }
}

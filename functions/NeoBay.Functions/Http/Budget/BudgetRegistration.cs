using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Simulations;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Budget;
using NeoBay.Grants.Storage.Simulations;
using NeoBay.Policy;

namespace NeoBay.Functions.Http.Budget;

public static class BudgetRegistration
{
    /// <summary>The fund's budgets and commitment counters (table <c>budgets</c>, docs/budget.md) and their admin routes.</summary>
    public static IServiceCollection AddNeoBayBudgets(this IServiceCollection services)
    {
        services.TryAddSingleton<IBudgetStore>(sp => new TableBudgetStore(sp.GetRequiredService<GrantsTables>()));
        services.TryAddSingleton(sp => new BudgetService(sp.GetRequiredService<IBudgetStore>(), sp.GetRequiredService<PolicyCatalog>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IBudgetCommitments>(sp => sp.GetRequiredService<BudgetService>());
        services.TryAddSingleton<IBudgetUseCases>(sp => sp.GetRequiredService<BudgetService>());
        services.TryAddScoped<BudgetsFunctions>();
        // Service days (docs/budget.md): recorded at decision, issuance and payment; read by the applications report.
        services.TryAddSingleton<IServiceTimeStore>(sp => new TableServiceTimeStore(sp.GetRequiredService<GrantsTables>()));
        services.TryAddSingleton<IServiceTimes>(sp => new ServiceTimesRecorder(sp.GetRequiredService<IServiceTimeStore>(), sp.GetRequiredService<IApplicationStore>(),
            sp.GetRequiredService<NeoBay.Grants.Documents.IDocumentStore>(), sp.GetRequiredService<PolicyCatalog>()));
        services.TryAddSingleton(sp => new ApplicationsReportService(sp.GetRequiredService<NeoBay.Grants.Overview.IOverviewSource>(), sp.GetRequiredService<IServiceTimeStore>()));
        services.TryAddSingleton<IApplicationsReportUseCase>(sp => sp.GetRequiredService<ApplicationsReportService>());
        services.TryAddSingleton(sp => new ReservationRepair(sp.GetRequiredService<IBudgetStore>(), sp.GetRequiredService<BudgetService>(),
            sp.GetRequiredService<IApplicationStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IReservationRepairUseCase>(sp => sp.GetRequiredService<ReservationRepair>());
        services.TryAddScoped<NeoBay.Functions.Timers.BudgetRepairFunctions>();

        // What-if jobs (docs/budget.md "What-if"): rows in the budgets table, work on the simulations queue.
        services.TryAddSingleton<ISimulationJobStore>(sp => new TableSimulationJobStore(sp.GetRequiredService<GrantsTables>()));
        services.TryAddSingleton<ISimulationQueue>(sp => new QueueSimulationQueue(sp.GetRequiredService<QueueServiceClient>()));
        services.TryAddSingleton(new SimulationJobOptions());
        services.TryAddSingleton(sp => new SimulationService(sp.GetRequiredService<IApplicationRecordPages>(), sp.GetRequiredService<IGrantStore>(), sp.GetRequiredService<PolicyCatalog>()));
        services.TryAddSingleton(sp => new SimulationJobService(sp.GetRequiredService<ISimulationJobStore>(), sp.GetRequiredService<ISimulationQueue>(),
            sp.GetRequiredService<IApplicationStore>(), sp.GetRequiredService<SimulationService>(), reform => reform.ApplyTo(PolicyCatalog.EmbeddedFiles()),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SimulationJobOptions>()));
        services.TryAddSingleton<ISimulationJobUseCases>(sp => sp.GetRequiredService<SimulationJobService>());
        services.TryAddScoped<SimulationsFunctions>();
        return services;
    }
}

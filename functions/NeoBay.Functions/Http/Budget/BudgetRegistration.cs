using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Storage;
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
        services.TryAddScoped<BudgetsFunctions>();
        return services;
    }
}

using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Ledger;

/// <summary>A grant with its ledger, in fiscal-year then component order.</summary>
public sealed record GrantView(GrantRecord Grant, IReadOnlyList<LedgerLine> Ledger);

public interface IGrantQueries
{
    Task<Result<GrantView>> GetGrantAsync(Caller caller, string grantId, CancellationToken cancellationToken = default);
}

using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Grants.Vouchers;
using NeoBay.Policy;
using Polly;
using Polly.Retry;

namespace NeoBay.Grants.Storage.Vouchers;

/// <summary>Redemptions in the voucher grant's partition of <c>grants</c>: year row, invoice row and ledger line in one transaction.</summary>
public sealed class TableVoucherStore(GrantsTables tables) : IVoucherStore
{
    public const string InvoicePrefix = "invoice-";

    public async Task<RedemptionRecord?> GetRedemptionAsync(string grantId, string invoiceKey, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Grants, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(grantId, InvoicePrefix + invoiceKey, cancellationToken: cancellationToken);
        if (!response.HasValue) return null;
        var e = response.Value!;
        return new RedemptionRecord(grantId, invoiceKey, e.GetString("InvoiceNo") ?? "", e.GetString("Provider") ?? "", e.GetInt32("FiscalYear") ?? 0,
            e.GetInt64("ServiceFeeFen") ?? 0, e.GetInt64("AmountFen") ?? 0, e.GetDateTimeOffset("RedeemedAt") ?? default, e.GetString("RedeemedBy") ?? "");
    }

    public async Task RedeemAsync(VoucherYear year, RedemptionRecord redemption, LedgerLine line, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Grants, cancellationToken);
        var yearEntity = TableRenewalStore.ToEntity(year);
        var invoice = new TableEntity(redemption.GrantId, InvoicePrefix + redemption.InvoiceKey)
        {
            ["InvoiceNo"] = redemption.InvoiceNo,
            ["Provider"] = redemption.Provider,
            ["FiscalYear"] = redemption.FiscalYear,
            ["ServiceFeeFen"] = redemption.ServiceFeeFen,
            ["AmountFen"] = redemption.AmountFen,
            ["RedeemedAt"] = redemption.RedeemedAt,
            ["RedeemedBy"] = redemption.RedeemedBy,
        };
        await TableBatchWriter.SubmitConditionalAsync(table,
        [
            year.StorageETag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, yearEntity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, yearEntity, new ETag(year.StorageETag)),
            new TableTransactionAction(TableTransactionActionType.Add, invoice),
            new TableTransactionAction(TableTransactionActionType.Add, EntityMapping.ToEntity(line)),
        ], "Grant " + redemption.GrantId, cancellationToken);
    }
}

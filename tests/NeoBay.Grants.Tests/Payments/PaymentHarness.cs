using Azure.Core;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Grants.Storage.Payments;
using NeoBay.Grants.Tests.Documents;
using NeoBay.Grants.Tests.Renewals;

namespace NeoBay.Grants.Tests.Payments;

/// <summary>Grants approved through the lifecycle (<see cref="RenewalHarness"/>) plus the payments table and services over the same prefix.</summary>
public sealed class PaymentHarness
{
    public static readonly Caller Admin = Caller.Create("admin-1", [Roles.Admin]);

    private PaymentHarness(RenewalHarness lifecycle)
    {
        Lifecycle = lifecycle;
        Store = new TablePaymentStore(new PaymentTables(new TableServiceClient(lifecycle.Connection), lifecycle.Prefix), lifecycle.Tables);
        Payees = new PayeeService(Store, lifecycle.Lifecycle, lifecycle.DocumentStore, lifecycle.Clock);
        Batches = new PaymentBatchService(Store, lifecycle.Grants, lifecycle.Clock);
    }

    public RenewalHarness Lifecycle { get; }
    public TablePaymentStore Store { get; }
    public PayeeService Payees { get; }
    public PaymentBatchService Batches { get; }

    public static async Task<PaymentHarness> CreateAsync() => new(await RenewalHarness.CreateAsync());

    /// <summary>The same tables under a new prefix (payments included), for runs that must be compared.</summary>
    public async Task<PaymentHarness> CloneAsync()
    {
        var copy = new PaymentHarness(await Lifecycle.CloneAsync());
        var service = new TableServiceClient(Lifecycle.Connection);
        var from = service.GetTableClient(Lifecycle.Prefix + PaymentTables.Payments);
        await from.CreateIfNotExistsAsync();
        var to = service.GetTableClient(copy.Lifecycle.Prefix + PaymentTables.Payments);
        await to.CreateIfNotExistsAsync();
        await foreach (var e in from.QueryAsync<TableEntity>()) await to.UpsertEntityAsync(e, TableUpdateMode.Replace);
        return copy;
    }

    /// <summary>A run service; <paramref name="requests"/> counts (and may crash) its storage requests.</summary>
    public PaymentRunService Run(CountingPolicy? requests = null)
    {
        var options = new TableClientOptions();
        if (requests is not null) options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(Lifecycle.Connection, options);
        var tables = new GrantsTables(service, Lifecycle.Prefix);
        return new PaymentRunService(new TablePaymentStore(new PaymentTables(service, Lifecycle.Prefix), tables), new TableGrantStore(tables), Lifecycle.Clock,
            new PaymentRunOptions(PageSize: 3, Parallelism: 4));
    }

    public static string NameOf(string uscc) => "申请人 " + uscc[^4..];

    /// <summary>Uploads a bankAccountProof to the grant's application and submits the account as the applicant.</summary>
    public async Task<PayeeAccount> SubmitAsync(string grantId, string accountNumber, string cnaps = "102290000011")
    {
        var grant = (await Lifecycle.Grants.GetAsync(grantId))!.Grant;
        var applicant = RenewalHarness.ApplicantOf(grant.ApplicantUscc);
        var proof = await RequiredDocuments.UploadAndCompleteAsync(Lifecycle.Documents, Lifecycle.DocumentBlobs, applicant, grant.ApplicationId,
            DocumentService.BankAccountProofCategory, RequiredDocuments.PdfBytes("开户许可证"));
        var submitted = await Payees.SubmitAsync(applicant, grant.ApplicantUscc,
            new PayeeSubmission(NameOf(grant.ApplicantUscc), "中国工商银行", "上海闵行支行", accountNumber, cnaps, grant.ApplicationId, proof.DocumentId));
        Assert.True(submitted.IsSuccess, submitted.Error?.Code);
        return submitted.Value!;
    }

    /// <summary>Submits and verifies (as a reviewer, with the ETag just read).</summary>
    public async Task<PayeeAccount> VerifiedPayeeAsync(string grantId, string accountNumber)
    {
        var submitted = await SubmitAsync(grantId, accountNumber);
        var verified = await Payees.VerifyAsync(RenewalHarness.Reviewer, submitted.Uscc, submitted.HttpETag, true, null);
        Assert.True(verified.IsSuccess, verified.Error?.Code);
        return verified.Value!;
    }

    /// <summary>Every row of the grants and payments tables, as text without the service's timestamps and ETags.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        var rows = new List<string>(await Lifecycle.SnapshotAsync());
        var table = new TableServiceClient(Lifecycle.Connection).GetTableClient(Lifecycle.Prefix + PaymentTables.Payments);
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            rows.Add($"payments {e.PartitionKey}/{e.RowKey}: " + string.Join(" ", e.Keys.Where(k => k is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey"))
                .OrderBy(k => k, StringComparer.Ordinal).Select(k => $"{k}={(e[k] is DateTimeOffset d ? d.UtcDateTime.ToString("O") : Convert.ToString(e[k], System.Globalization.CultureInfo.InvariantCulture))}")));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Lines of every grant in a batch, by batch id (from the ledger itself).</summary>
    public async Task<Dictionary<string, List<LedgerLine>>> LinesByBatchAsync(IEnumerable<string> grantIds)
    {
        var byBatch = new Dictionary<string, List<LedgerLine>>();
        foreach (var id in grantIds)
        {
            foreach (var line in (await Lifecycle.Grants.GetAsync(id))!.Ledger.Where(l => l.BatchId is not null))
            {
                if (!byBatch.TryGetValue(line.BatchId!, out var list)) byBatch[line.BatchId!] = list = [];
                list.Add(line);
            }
        }

        return byBatch;
    }
}

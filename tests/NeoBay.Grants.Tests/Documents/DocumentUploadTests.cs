using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Storage.Documents;
using NeoBay.Grants.Tests.Support;

namespace NeoBay.Grants.Tests.Documents;

/// <summary>Documents against Azurite: real uploads through the SAS URL with HttpClient, as a client would.</summary>
public sealed class DocumentUploadTests
{
    private static readonly HttpClient Http = new();
    private static readonly Caller IntegratorA = Caller.Create("integrator-a", [Roles.Integrator], null, [GrantsHarness.UsccA]);
    private static readonly Caller IntegratorB = Caller.Create("integrator-b", [Roles.Integrator], null, [GrantsHarness.UsccB]);

    /// <summary>An evaluated A02.1 application of applicant A; the clock then moves to real time so the emulator accepts the SAS.</summary>
    private static async Task<(GrantsHarness H, string Id)> ApplicationAsync(bool realTime = true)
    {
        var h = await GrantsHarness.CreateAsync();
        var id = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!.Id;
        await h.Evaluation.EvaluateAsync(id);
        if (realTime) h.Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
        return (h, id);
    }

    private static async Task<HttpResponseMessage> PutAsync(Uri url, byte[] content, string contentType = DocumentTypes.Pdf)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(content) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Http.SendAsync(request);
    }

    private static async Task PutCreatedAsync(Uri url, byte[] content, string contentType = DocumentTypes.Pdf)
    {
        using var response = await PutAsync(url, content, contentType);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<UploadTicket> RequestAsync(GrantsHarness h, string id, string category, long size, string contentType = DocumentTypes.Pdf, Caller? caller = null, string fileName = "file.pdf")
    {
        var ticket = await h.Documents.RequestUploadAsync(caller ?? GrantsHarness.ApplicantA, id, new UploadRequest(category, fileName, contentType, size));
        Assert.True(ticket.IsSuccess, ticket.Error?.Code);
        return ticket.Value!;
    }

    [Fact]
    public async Task A_pdf_put_through_the_SAS_is_verified_with_its_size_and_sha256_and_read_back_through_a_read_SAS()
    {
        var (h, id) = await ApplicationAsync();
        var content = RequiredDocuments.PdfBytes("国家立项批复");
        var ticket = await RequestAsync(h, id, "nationalApproval", content.Length, fileName: "批复.pdf");

        Assert.Equal(("BlockBlob", DocumentTypes.Pdf), (ticket.RequiredHeaders["x-ms-blob-type"], ticket.RequiredHeaders["Content-Type"]));
        Assert.True(content.Length <= 32 * 1024);
        Assert.Equal(TimeSpan.FromSeconds(121), ticket.ExpiresAt - h.Clock.GetUtcNow()); // 2 min + one 32 KiB second: as long as the upload needs
        Assert.EndsWith($"/{id}/{ticket.Document.DocumentId}", ticket.UploadUrl.AbsolutePath);
        Assert.Contains("sp=c&", ticket.UploadUrl.Query + "&"); // create only: no read, write-over or delete

        await PutCreatedAsync(ticket.UploadUrl, content);
        using (var read = await Http.GetAsync(ticket.UploadUrl)) Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode); // the upload SAS cannot read

        var completed = await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId);
        Assert.True(completed.IsSuccess, completed.Error?.Code);
        Assert.Equal((DocumentStatus.Verified, (long?)content.Length, Convert.ToHexStringLower(SHA256.HashData(content))),
            (completed.Value!.Status, completed.Value.Size, completed.Value.Sha256));

        // Completing twice is harmless: the same answer, no second audit line.
        var again = await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId);
        Assert.Equal((completed.Value.Sha256, completed.Value.Version), (again.Value!.Sha256, again.Value.Version));

        var readTicket = await h.Documents.GetForReadAsync(GrantsHarness.Reviewer, id, ticket.Document.DocumentId);
        Assert.True(readTicket.IsSuccess, readTicket.Error?.Code);
        Assert.Equal(TimeSpan.FromMinutes(5), readTicket.Value!.ExpiresAt - h.Clock.GetUtcNow());
        using var download = await Http.GetAsync(readTicket.Value.DownloadUrl);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(DocumentTypes.Pdf, download.Content.Headers.ContentType?.MediaType);
        using (var overwrite = await PutAsync(readTicket.Value.DownloadUrl, content)) Assert.Equal(HttpStatusCode.Forbidden, overwrite.StatusCode);

        var audit = await h.DocumentStore.GetAuditAsync(id);
        Assert.Equal([("upload-issued", "applicant-a"), ("verified", "applicant-a"), ("read", "reviewer-1")], audit.Select(a => (a.What, a.Who)));
    }

    [Fact]
    public async Task The_upload_SAS_cannot_overwrite_a_blob_once_written()
    {
        var (h, id) = await ApplicationAsync();
        var content = RequiredDocuments.PdfBytes();
        var ticket = await RequestAsync(h, id, "nationalApproval", content.Length);
        await PutCreatedAsync(ticket.UploadUrl, content);
        Assert.True((await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId)).IsSuccess);

        using var second = await PutAsync(ticket.UploadUrl, [0x4D, 0x5A, 0x90, 0x00, 0x03]);

        Assert.False(second.IsSuccessStatusCode);
        Assert.True((await h.Documents.GetForReadAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId)).IsSuccess);
    }

    [Fact]
    public async Task The_SAS_of_one_blob_is_refused_for_another_blob_name()
    {
        var (h, id) = await ApplicationAsync();
        var ticket = await RequestAsync(h, id, "nationalApproval", 100);
        var other = new UriBuilder(ticket.UploadUrl) { Path = ticket.UploadUrl.AbsolutePath.Replace(ticket.Document.DocumentId, DocumentKeys.NewId(h.Clock.GetUtcNow())) }.Uri;

        using var put = await PutAsync(other, RequiredDocuments.PdfBytes());

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
    }

    [Fact]
    public async Task An_expired_upload_SAS_is_refused()
    {
        // Issued at the harness clock (03:00 UTC today): its 10 minutes ended long before the emulator's real now.
        var (h, id) = await ApplicationAsync(realTime: false);
        var ticket = await RequestAsync(h, id, "nationalApproval", 100);
        Assert.True(ticket.ExpiresAt < TimeProvider.System.GetUtcNow());

        using var put = await PutAsync(ticket.UploadUrl, RequiredDocuments.PdfBytes());

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(DocumentReasons.NotUploaded, (await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId)).Error!.Code);
    }

    [Fact]
    public async Task An_oversized_file_is_deleted_and_answers_TooLarge_and_an_oversized_declaration_is_refused_up_front()
    {
        var (h, id) = await ApplicationAsync();
        var max = (int)DocumentOptions.DefaultMaxBytes; // 20 MiB = 20,971,520 bytes
        var declared = await h.Documents.RequestUploadAsync(GrantsHarness.ApplicantA, id, new UploadRequest("nationalApproval", "big.pdf", DocumentTypes.Pdf, max + 1L));
        Assert.Equal((ErrorKind.Unprocessable, DocumentReasons.TooLarge), (declared.Error!.Kind, declared.Error.Code));

        var content = new byte[max + 1];
        "%PDF-1.7"u8.CopyTo(content);
        var ticket = await RequestAsync(h, id, "nationalApproval", max); // declares the limit, sends one byte more
        await PutCreatedAsync(ticket.UploadUrl, content);

        var completed = await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId);

        Assert.Equal((ErrorKind.Unprocessable, DocumentReasons.TooLarge), (completed.Error!.Kind, completed.Error.Code));
        Assert.Null(await h.DocumentBlobs.GetETagAsync(ticket.Document.BlobName));
        Assert.Equal(DocumentStatus.Rejected, (await h.DocumentStore.GetAsync(id, ticket.Document.DocumentId))!.Status);
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04 }, DocumentTypes.Pdf, "setup.pdf")] // Windows PE ("MZ")
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00 }, DocumentTypes.Pdf, "invoice.pdf")] // ELF
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00 }, DocumentTypes.Png, "scan.png")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A }, DocumentTypes.Ofd, "invoice.ofd")] // a PDF declared OFD
    public async Task An_executable_or_other_file_renamed_to_an_accepted_type_is_deleted_as_SignatureMismatch(byte[] content, string declaredType, string fileName)
    {
        var (h, id) = await ApplicationAsync();
        var ticket = await RequestAsync(h, id, "nationalApproval", content.Length, declaredType, fileName: fileName);
        await PutCreatedAsync(ticket.UploadUrl, content, declaredType);

        var completed = await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId);
        var again = await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId);

        Assert.Equal((ErrorKind.Unprocessable, DocumentReasons.SignatureMismatch), (completed.Error!.Kind, completed.Error.Code));
        Assert.Equal(DocumentReasons.SignatureMismatch, again.Error!.Code);
        Assert.Null(await h.DocumentBlobs.GetETagAsync(ticket.Document.BlobName));
        Assert.Equal(DocumentReasons.SignatureMismatch, (await h.DocumentStore.GetAsync(id, ticket.Document.DocumentId))!.RejectReason);
        Assert.Equal("DocumentNotVerified", (await h.Documents.GetForReadAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId)).Error!.Code);
        Assert.Equal(["upload-issued", "rejected"], (await h.DocumentStore.GetAuditAsync(id)).Select(a => a.What));
    }

    [Fact]
    public async Task A_refused_file_put_again_through_its_still_valid_URL_is_deleted_again_by_complete_and_by_the_blob_event()
    {
        var (h, id) = await ApplicationAsync(realTime: true);
        byte[] executable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04];
        var ticket = await RequestAsync(h, id, "nationalApproval", executable.Length, fileName: "setup.pdf");
        await PutCreatedAsync(ticket.UploadUrl, executable);
        Assert.Equal(DocumentReasons.SignatureMismatch, (await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId)).Error!.Code);
        Assert.Null(await h.DocumentBlobs.GetETagAsync(ticket.Document.BlobName));

        await PutCreatedAsync(ticket.UploadUrl, executable); // the URL is still valid and the blob name free again
        Assert.NotNull(await h.DocumentBlobs.GetETagAsync(ticket.Document.BlobName));
        Assert.Equal(DocumentReasons.SignatureMismatch, (await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId)).Error!.Code);
        Assert.Null(await h.DocumentBlobs.GetETagAsync(ticket.Document.BlobName));

        await PutCreatedAsync(ticket.UploadUrl, executable);
        Assert.Equal(DocumentStatus.Rejected, (await h.Documents.VerifyBlobAsync(ticket.Document.BlobName))!.Status); // the Event Grid path
        Assert.Null(await h.DocumentBlobs.GetETagAsync(ticket.Document.BlobName));
    }

    [Theory]
    [InlineData(0L, 120)]
    [InlineData(1L, 121)]
    [InlineData(1024L * 1024, 152)]        // 1 MiB = 32 s at 32 KiB/s
    [InlineData(20L * 1024 * 1024, 600)]   // 2 min + 640 s, capped at the 10-minute setting
    public void The_upload_URL_lives_as_long_as_the_upload_needs(long size, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new DocumentOptions().UploadLifetimeFor(size));

    [Fact]
    public async Task Each_accepted_type_passes_with_its_signature()
    {
        var (h, id) = await ApplicationAsync();
        var files = new (string Type, byte[] Bytes)[]
        {
            (DocumentTypes.Ofd, Zip("Doc_0/Document.xml", "OFD.xml")),
            (DocumentTypes.Jpeg, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46]),
            (DocumentTypes.Png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]),
        };
        foreach (var (type, bytes) in files)
        {
            var ticket = await RequestAsync(h, id, "investmentStatement", bytes.Length, type + "; charset=binary");
            Assert.Equal(type, ticket.Document.ContentType);
            await PutCreatedAsync(ticket.UploadUrl, bytes, type);
            var completed = await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId);
            Assert.True(completed.IsSuccess, $"{type}: {completed.Error?.Code}");
        }
    }

    /// <summary>A ZIP package with the given entries (each holding a little XML).</summary>
    public static byte[] Zip(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"/>");
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task A_ZIP_without_OFD_xml_declared_as_OFD_is_refused()
    {
        var (h, id) = await ApplicationAsync();
        var zip = Zip("payload.exe", "readme.txt");
        var ticket = await RequestAsync(h, id, "investmentStatement", zip.Length, DocumentTypes.Ofd, fileName: "invoice.ofd");
        await PutCreatedAsync(ticket.UploadUrl, zip, DocumentTypes.Ofd);

        var completed = await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId);

        Assert.Equal(DocumentReasons.SignatureMismatch, completed.Error!.Code);
        Assert.Null(await h.DocumentBlobs.GetETagAsync(ticket.Document.BlobName));
    }

    [Fact]
    public async Task Empty_and_short_or_long_uploads_are_refused_and_completing_before_uploading_keeps_the_document_pending()
    {
        var (h, id) = await ApplicationAsync();
        var pdf = RequiredDocuments.PdfBytes();

        var early = await RequestAsync(h, id, "nationalApproval", pdf.Length);
        Assert.Equal(DocumentReasons.NotUploaded, (await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, early.Document.DocumentId)).Error!.Code);
        await PutCreatedAsync(early.UploadUrl, pdf);
        Assert.True((await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, early.Document.DocumentId)).IsSuccess);

        var shorter = await RequestAsync(h, id, "nationalApproval", pdf.Length + 1);
        await PutCreatedAsync(shorter.UploadUrl, pdf);
        Assert.Equal(DocumentReasons.SizeMismatch, (await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, shorter.Document.DocumentId)).Error!.Code);

        var empty = await RequestAsync(h, id, "nationalApproval", 10);
        await PutCreatedAsync(empty.UploadUrl, []);
        Assert.Equal(DocumentReasons.Empty, (await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, empty.Document.DocumentId)).Error!.Code);
    }

    [Theory]
    [InlineData("nationalApproval", "a.exe", "application/x-msdownload", 100L, ErrorKind.Unprocessable, DocumentReasons.TypeNotAllowed)]
    [InlineData("nationalApproval", "a.pdf", "text/html", 100L, ErrorKind.Unprocessable, DocumentReasons.TypeNotAllowed)]
    [InlineData("loanContract", "a.pdf", DocumentTypes.Pdf, 100L, ErrorKind.Validation, "UnknownCategory")]
    [InlineData("nationalApproval", "../a.pdf", DocumentTypes.Pdf, 100L, ErrorKind.Validation, "InvalidFileName")]
    [InlineData("nationalApproval", "invoice\u202efdp.exe", DocumentTypes.Pdf, 100L, ErrorKind.Validation, "InvalidFileName")] // shows as "invoiceexe.pdf"
    [InlineData("nationalApproval", "a\u2066.pdf", DocumentTypes.Pdf, 100L, ErrorKind.Validation, "InvalidFileName")]
    [InlineData("nationalApproval", "a.pdf", DocumentTypes.Pdf, 0L, ErrorKind.Validation, "InvalidSize")]
    public async Task A_request_outside_the_rules_gets_no_upload_URL(string category, string fileName, string contentType, long size, ErrorKind kind, string code)
    {
        var (h, id) = await ApplicationAsync();

        var result = await h.Documents.RequestUploadAsync(GrantsHarness.ApplicantA, id, new UploadRequest(category, fileName, contentType, size));

        Assert.Equal((kind, code), (result.Error!.Kind, result.Error.Code));
        Assert.Empty((await h.Documents.ListAsync(GrantsHarness.ApplicantA, id)).Value!.Documents);
    }

    [Fact]
    public async Task Another_applicant_and_an_integrator_not_acting_for_the_USCC_get_404_everywhere()
    {
        var (h, id) = await ApplicationAsync();
        var kept = await h.UploadAndCompleteAsync(IntegratorA, id, "nationalApproval", RequiredDocuments.PdfBytes());
        var pending = await RequestAsync(h, id, "investmentStatement", 50);

        foreach (var stranger in new[] { GrantsHarness.ApplicantB, IntegratorB })
        {
            Assert.Equal(ErrorKind.NotFound, (await h.Documents.RequestUploadAsync(stranger, id, new UploadRequest("nationalApproval", "a.pdf", DocumentTypes.Pdf, 10))).Error!.Kind);
            Assert.Equal(ErrorKind.NotFound, (await h.Documents.ListAsync(stranger, id)).Error!.Kind);
            Assert.Equal(ErrorKind.NotFound, (await h.Documents.GetForReadAsync(stranger, id, kept.DocumentId)).Error!.Kind);
            Assert.Equal(ErrorKind.NotFound, (await h.Documents.CompleteAsync(stranger, id, pending.Document.DocumentId)).Error!.Kind);
        }

        // The owner, the integrator acting for it and reviewers see it; a reviewer does not upload.
        Assert.Equal("integrator-a", kept.CreatedBy);
        Assert.True((await h.Documents.GetForReadAsync(GrantsHarness.ApplicantA, id, kept.DocumentId)).IsSuccess);
        Assert.True((await h.Documents.GetForReadAsync(IntegratorA, id, kept.DocumentId)).IsSuccess);
        Assert.Equal(2, (await h.Documents.ListAsync(GrantsHarness.Reviewer, id)).Value!.Documents.Count);
        Assert.Equal(ErrorKind.Forbidden, (await h.Documents.RequestUploadAsync(GrantsHarness.Reviewer, id, new UploadRequest("nationalApproval", "a.pdf", DocumentTypes.Pdf, 10))).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await h.Documents.GetForReadAsync(GrantsHarness.ApplicantA, id, "D20261126000000-0000000000")).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await h.Documents.GetForReadAsync(GrantsHarness.ApplicantA, id, "../../x")).Error!.Kind);
    }

    [Fact]
    public async Task Approval_is_refused_with_MissingDocument_naming_the_category_until_it_is_verified()
    {
        var (h, id) = await ApplicationAsync(realTime: false);
        await h.UploadAndCompleteAsync(GrantsHarness.ApplicantA, id, "nationalApproval", RequiredDocuments.PdfBytes());
        // A disguised file in the missing category does not count.
        var ticket = await RequestAsync(h, id, "investmentStatement", 4);
        await (await h.DocumentBlobs.BlobAsync(ticket.Document.BlobName)).UploadAsync(new BinaryData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 }));
        Assert.Equal(DocumentReasons.SignatureMismatch, (await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId)).Error!.Code);

        var refused = await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null));

        Assert.Equal((ErrorKind.Conflict, ErrorCodes.MissingDocument, "investmentStatement"), (refused.Error!.Kind, refused.Error.Code, refused.Error.Field));
        Assert.Contains("investmentStatement", refused.Error.MessageEn);
        Assert.Contains("项目总投入专项审计报告", refused.Error.MessageZh);
        Assert.Equal(["investmentStatement"], (await h.Documents.ListAsync(GrantsHarness.Reviewer, id)).Value!.Missing.Select(m => m.Category));
        Assert.Equal(ApplicationStatus.Eligible, (await h.Applications.GetAsync(id))!.Status);

        await h.UploadAndCompleteAsync(GrantsHarness.ApplicantA, id, "investmentStatement", RequiredDocuments.PdfBytes("audit"));
        var approved = await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null));

        Assert.True(approved.IsSuccess, approved.Error?.Code);
        Assert.Equal(ApplicationStatus.Approved, approved.Value!.Status);
        Assert.Empty((await h.Documents.ListAsync(GrantsHarness.ApplicantA, id)).Value!.Missing);
    }

    [Fact]
    public async Task At_most_the_cap_of_open_or_kept_documents_and_expired_tickets_free_their_place()
    {
        var (h, id) = await ApplicationAsync(realTime: false);
        var documents = new DocumentService(h.Service, h.DocumentStore, h.DocumentBlobs, new AccountKeySasIssuer(h.DocumentBlobs.Container, h.Clock),
            GrantsHarness.Catalog.Value, new DocumentOptions { MaxDocumentsPerApplication = 2 }, h.Clock);
        var request = new UploadRequest("nationalApproval", "a.pdf", DocumentTypes.Pdf, 10);
        Assert.True((await documents.RequestUploadAsync(GrantsHarness.ApplicantA, id, request)).IsSuccess);
        Assert.True((await documents.RequestUploadAsync(GrantsHarness.ApplicantA, id, request)).IsSuccess);

        Assert.Equal((ErrorKind.Conflict, "TooManyDocuments"), ((await documents.RequestUploadAsync(GrantsHarness.ApplicantA, id, request)).Error!.Kind,
            (await documents.RequestUploadAsync(GrantsHarness.ApplicantA, id, request)).Error!.Code));
        h.Clock.Advance(TimeSpan.FromMinutes(10)); // both tickets end now
        var later = await documents.RequestUploadAsync(GrantsHarness.ApplicantA, id, request);
        Assert.True(later.IsSuccess, later.Error?.Code);
    }

    [Fact]
    public async Task A_rejection_needs_no_documents()
    {
        var (h, id) = await ApplicationAsync(realTime: false);

        var rejected = await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(false, null, "材料不全"));

        Assert.Equal(ApplicationStatus.Rejected, rejected.Value!.Status);
        Assert.Equal("ApplicationClosed", (await h.Documents.RequestUploadAsync(GrantsHarness.ApplicantA, id, new UploadRequest("nationalApproval", "a.pdf", DocumentTypes.Pdf, 10))).Error!.Code);
    }

    [Fact]
    public async Task The_blob_event_runs_the_same_verification_and_complete_then_answers_its_outcome()
    {
        var (h, id) = await ApplicationAsync();
        var content = RequiredDocuments.PdfBytes();
        var ticket = await RequestAsync(h, id, "nationalApproval", content.Length);
        await PutCreatedAsync(ticket.UploadUrl, content);

        var byEvent = await h.Documents.VerifyBlobAsync(ticket.Document.BlobName);
        var byEventAgain = await h.Documents.VerifyBlobAsync(ticket.Document.BlobName);
        var byCall = await h.Documents.CompleteAsync(GrantsHarness.ApplicantA, id, ticket.Document.DocumentId);

        Assert.Equal((DocumentStatus.Verified, DocumentService.SystemActor), (byEvent!.Status, byEvent.CompletedBy));
        Assert.Equal(byEvent.Version, byEventAgain!.Version);
        Assert.Equal(byEvent.Sha256, byCall.Value!.Sha256);
        Assert.Null(await h.Documents.VerifyBlobAsync("not/ours"));
        Assert.Single(await h.DocumentStore.GetAuditAsync(id), a => a.What == "verified");
    }

    [Fact]
    public async Task A_blob_changed_after_verification_is_never_served_and_is_deleted()
    {
        var (h, id) = await ApplicationAsync();
        var kept = await h.UploadAndCompleteAsync(GrantsHarness.ApplicantA, id, "nationalApproval", RequiredDocuments.PdfBytes());
        await (await h.DocumentBlobs.BlobAsync(kept.BlobName)).UploadAsync(new BinaryData(new byte[] { 0x4D, 0x5A }), overwrite: true);

        var read = await h.Documents.GetForReadAsync(GrantsHarness.ApplicantA, id, kept.DocumentId);

        Assert.Equal(DocumentReasons.ChangedAfterVerification, read.Error!.Code);
        Assert.Null(await h.DocumentBlobs.GetETagAsync(kept.BlobName));
        Assert.Equal(["nationalApproval", "investmentStatement"], (await h.Documents.ListAsync(GrantsHarness.ApplicantA, id)).Value!.Missing.Select(m => m.Category));
    }
}

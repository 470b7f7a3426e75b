using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Storage.Documents;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Documents;

/// <summary>
/// Arrange-step helper for flows that approve: gives an application a verified document for every category its
/// measure requires, through the real document use case (request → blob written → complete). The blob is written
/// with the account's own credentials rather than the SAS, because the harness clock is fixed in the past and the
/// emulator checks SAS expiry against real time; the SAS path itself is covered by <see cref="DocumentUploadTests"/>.
/// </summary>
public static class RequiredDocuments
{
    /// <summary>A minimal PDF: the signature a PDF must start with, then a body.</summary>
    public static byte[] PdfBytes(string text = "NeoBay test document") => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.7\n% {text}\n%%EOF\n");

    public static Task CompleteRequiredDocumentsAsync(this GrantsHarness h, string applicationId, Caller? uploader = null) =>
        CompleteRequiredDocumentsAsync(h.Documents, h.DocumentBlobs, h.Applications, GrantsHarness.Catalog.Value, applicationId, uploader);

    /// <summary>For any harness: a verified PDF per required category of the application's measure (uploader: its applicant).</summary>
    public static async Task CompleteRequiredDocumentsAsync(DocumentService documents, BlobDocumentStorage blobs, IApplicationStore applications,
        PolicyCatalog catalog, string applicationId, Caller? uploader = null)
    {
        var application = await applications.GetAsync(applicationId) ?? throw new InvalidOperationException($"No application {applicationId}.");
        uploader ??= Caller.Create("applicant-" + application.ApplicantUscc, [Roles.Applicant], application.ApplicantUscc);
        Assert.True(catalog.TryGet(application.Measure, out var measure));
        foreach (var required in measure.RequiredDocuments)
        {
            await UploadAndCompleteAsync(documents, blobs, uploader, applicationId, required.Category, PdfBytes(required.Category));
        }
    }

    /// <summary>One document, uploaded and completed; asserts it was kept.</summary>
    public static Task<DocumentRecord> UploadAndCompleteAsync(this GrantsHarness h, Caller uploader, string applicationId, string category, byte[] content,
        string contentType = DocumentTypes.Pdf, string fileName = "document.pdf") =>
        UploadAndCompleteAsync(h.Documents, h.DocumentBlobs, uploader, applicationId, category, content, contentType, fileName);

    public static async Task<DocumentRecord> UploadAndCompleteAsync(DocumentService documents, BlobDocumentStorage blobs, Caller uploader, string applicationId,
        string category, byte[] content, string contentType = DocumentTypes.Pdf, string fileName = "document.pdf")
    {
        var ticket = await documents.RequestUploadAsync(uploader, applicationId, new UploadRequest(category, fileName, contentType, content.Length));
        Assert.True(ticket.IsSuccess, ticket.Error?.Code);
        var blob = await blobs.BlobAsync(ticket.Value!.Document.BlobName);
        await blob.UploadAsync(new BinaryData(content));
        var completed = await documents.CompleteAsync(uploader, applicationId, ticket.Value.Document.DocumentId);
        Assert.True(completed.IsSuccess, completed.Error?.Code);
        return completed.Value!;
    }
}

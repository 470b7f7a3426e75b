using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.Functions.Http;
using NeoBay.Functions.Http.Documents;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Storage.Documents;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Documents;

/// <summary>
/// Arrange-step helper for tests that approve through the functions: gives the application a verified PDF for
/// every category its measure requires, through the document functions (POST → blob written → complete). The blob
/// is written with the account's credentials rather than the SAS because test clocks are fixed in the past and the
/// emulator checks SAS expiry against real time; <see cref="DocumentsFunctionsTests"/> covers the SAS itself.
/// </summary>
public static class RequiredDocumentUploads
{
    public static byte[] Pdf(string text) => Encoding.ASCII.GetBytes($"%PDF-1.7\n% {text}\n%%EOF\n");

    public static async Task CompleteRequiredDocumentsAsync(IServiceProvider services, Caller uploader, string applicationId)
    {
        var application = await services.GetRequiredService<IApplicationAccess>().FindVisibleAsync(uploader, applicationId)
                          ?? throw new InvalidOperationException($"{uploader.Subject} cannot see application {applicationId}.");
        Assert.True(services.GetRequiredService<PolicyCatalog>().TryGet(application.Measure, out var measure));
        foreach (var required in measure.RequiredDocuments)
        {
            await UploadAndCompleteAsync(services, uploader, applicationId, required.Category, Pdf(required.Category));
        }
    }

    /// <summary>POST → write the blob → complete; asserts 201 and 200 and returns the document id.</summary>
    public static async Task<string> UploadAndCompleteAsync(IServiceProvider services, Caller uploader, string applicationId, string category, byte[] content)
    {
        using var scope = services.CreateScope();
        var functions = scope.ServiceProvider.GetRequiredService<DocumentsFunctions>();
        var body = $$"""{"category": "{{category}}", "fileName": "{{category}}.pdf", "contentType": "application/pdf", "size": {{content.Length}}}""";
        var created = (await functions.RequestDocumentUpload(Requests.Make("POST", body, uploader), applicationId)).Api();
        Assert.True(created.StatusCode == 201, created.Body);
        var documentId = created.JsonBody().GetProperty("documentId").GetString()!;

        var blob = await services.GetRequiredService<BlobDocumentStorage>().BlobAsync(DocumentKeys.BlobName(applicationId, documentId));
        await blob.UploadAsync(new BinaryData(content));

        var completed = (await functions.CompleteDocumentUpload(Requests.Make("POST", caller: uploader), applicationId, documentId)).Api();
        Assert.True(completed.StatusCode == 200, completed.Body);
        return documentId;
    }
}

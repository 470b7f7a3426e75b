using System.Web;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Grants.Storage.Documents;

namespace NeoBay.Grants.Storage.Tests.Documents;

/// <summary>The two SAS issuers behind one interface: which one a setting picks, and what a user-delegation SAS grants.</summary>
public sealed class SasIssuerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_connection_string_with_a_key_gets_account_key_SAS_and_a_blob_service_URI_gets_user_delegation_SAS()
    {
        var clock = new FakeTimeProvider(Now);
        var keyed = DocumentStorageClients.CreateBlobService(new StorageSettings(Testing.Azurite.ConnectionString(10000, 10001, 10002)));
        var identity = DocumentStorageClients.CreateBlobService(new StorageSettings(null, BlobServiceUri: new Uri("https://neobaydocs.blob.core.windows.net"), ClientId: "00000000-0000-0000-0000-000000000001"));

        Assert.IsType<AccountKeySasIssuer>(DocumentStorageClients.CreateSasIssuer(keyed, "documents", clock));
        Assert.IsType<UserDelegationSasIssuer>(DocumentStorageClients.CreateSasIssuer(identity, "documents", clock));
        Assert.Throws<InvalidOperationException>(() => DocumentStorageClients.CreateBlobService(new StorageSettings(null)));
    }

    [Fact]
    public async Task A_user_delegation_upload_SAS_is_create_only_for_one_blob_over_HTTPS_and_the_key_is_reused()
    {
        var clock = new FakeTimeProvider(Now);
        var service = new Mock<BlobServiceClient>(new Uri("https://neobaydocs.blob.core.windows.net"), null!) { CallBase = true };
        var key = BlobsModelFactory.UserDelegationKey("oid-1", "tid-1", Now.AddMinutes(-3), Now.AddHours(6), "b", "2026-10-06", Convert.ToBase64String(new byte[32]));
        service.Setup(s => s.GetUserDelegationKeyAsync(It.IsAny<DateTimeOffset?>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(key, Mock.Of<Response>()));
        var issuer = new UserDelegationSasIssuer(service.Object, "documents", clock);

        var upload = await issuer.IssueUploadAsync("A20261126030000-0123456789/D20261126030000-abcdef0123", Now.AddMinutes(10));
        var read = await issuer.IssueReadAsync("A20261126030000-0123456789/D20261126030000-abcdef0123", Now.AddMinutes(5), "application/pdf", "批复.pdf");

        var query = HttpUtility.ParseQueryString(upload.Query);
        Assert.Equal("https://neobaydocs.blob.core.windows.net/documents/A20261126030000-0123456789/D20261126030000-abcdef0123", upload.GetLeftPart(UriPartial.Path));
        Assert.Equal(("c", "b", "https", "oid-1"), (query["sp"], query["sr"], query["spr"], query["skoid"]));
        Assert.Equal(Now.AddMinutes(10), DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture));
        var readQuery = HttpUtility.ParseQueryString(read.Query);
        Assert.Equal(("r", "application/pdf"), (readQuery["sp"], readQuery["rsct"]));
        Assert.Equal("attachment; filename*=UTF-8''%E6%89%B9%E5%A4%8D.pdf", readQuery["rscd"]);
        service.Verify(s => s.GetUserDelegationKeyAsync(It.IsAny<DateTimeOffset?>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Once);
    }
}

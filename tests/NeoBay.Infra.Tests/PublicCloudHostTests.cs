using NeoBay.Infra.Tests.Support;

namespace NeoBay.Infra.Tests;

/// <summary>Issue 7 §2: the same code and template run on Azure operated by 21Vianet.</summary>
public class PublicCloudHostTests
{
    [Fact]
    public void No_bicep_file_or_function_source_names_a_public_cloud_host()
    {
        var files = PublicCloudHosts.FilesToScan().ToList();
        Assert.Contains(files, f => f.EndsWith("main.bicep", StringComparison.Ordinal));

        var findings = (
            from file in files
            from hit in PublicCloudHosts.Find(File.ReadAllText(file))
            select $"{Path.GetRelativePath(Repo.Root, file)}:{hit.Line} names {hit.Host}").ToList();

        Assert.True(findings.Count == 0,
            "Public-cloud host names found (use environment() / the resource's endpoints in Bicep, service URIs from settings in C#):\n"
            + string.Join('\n', findings));
    }

    [Theory]
    [InlineData("var uri = $\"https://{account}.blob.core.windows.net\";", "core.windows.net")]
    [InlineData("value: 'https://${name}.azurewebsites.net'", "azurewebsites.net")]
    [InlineData("new Uri(\"https://kv.VAULT.AZURE.NET/\")", "vault.azure.net")]
    [InlineData("\"IngestionEndpoint=https://x.in.applicationinsights.azure.com/\"", "applicationinsights.azure.com")]
    public void The_scan_finds_a_host_in_code(string line, string host)
    {
        var hits = PublicCloudHosts.Find("namespace X;\n" + line).ToList();

        Assert.Equal([(2, host)], hits);
    }

    [Theory]
    [InlineData("// The SDK builds https://{account}.blob.core.windows.net without endpoints.")]
    [InlineData("    /// <summary>Never core.windows.net.</summary>")]
    [InlineData("var uri = settings.BlobServiceUri; // from AzureWebJobsStorage__blobServiceUri")]
    [InlineData("value: '${vault.properties.vaultUri}secrets/x'")]
    public void The_scan_ignores_comment_lines_and_endpoints_from_settings(string line)
    {
        Assert.Empty(PublicCloudHosts.Find(line));
    }
}

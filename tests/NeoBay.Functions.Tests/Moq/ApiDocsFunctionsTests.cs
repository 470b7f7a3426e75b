using NeoBay.Functions.ApiDocs;
using NeoBay.Functions.Console;
using NeoBay.Functions.Tests.Support;

namespace NeoBay.Functions.Tests.Mocks;

/// <summary>The API reference serves embedded files only: no use case to mock.</summary>
public sealed class ApiDocsFunctionsTests
{
    [Fact]
    public void The_document_and_the_reference_page_are_served_with_the_docs_policy()
    {
        var document = Assert.IsType<ConsoleFileResult>(new ApiDocsFunctions().GetOpenApiDocument(Requests.Make()));
        var page = Assert.IsType<ConsoleFileResult>(new ApiDocsFunctions().ApiDocsFile(Requests.Make(), "index.html"));

        Assert.Equal(ApiDocsFunctions.OpenApiDocument, document.Asset.Content);
        Assert.Equal("index.html", page.Asset.Path);
    }

    [Fact]
    public void An_unknown_file_is_404_and_the_document_is_not_served_twice()
    {
        new ApiDocsFunctions().ApiDocsFile(Requests.Make(), "secret.txt").Problem(404, "NotFound");
        new ApiDocsFunctions().ApiDocsFile(Requests.Make(), "openapi.json").Problem(404, "NotFound");
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.Functions.Http;

namespace NeoBay.Functions.Tests.Http;

public sealed class RequestBodyTests
{
    private static HttpRequest Request(byte[] body, string? contentType = "application/json", Stream? stream = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Body = stream ?? new MemoryStream(body);
        http.Request.ContentType = contentType;
        return http.Request;
    }

    private static async Task<(JsonDocument? Document, JsonElement? Problem)> ReadAsync(HttpRequest request, int max = BodySize.Small)
    {
        var (document, problem) = await RequestBody.ReadJsonAsync(request, max);
        return (document, problem?.JsonBody());
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D }, "$.name")]       // {"name":"\xC3("}
    [InlineData(new byte[] { 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D }, "$")]                                                  // {"\xFF":1}
    public async Task Invalid_UTF8_in_a_string_or_a_name_is_400_InvalidText_naming_the_field(byte[] body, string field)
    {
        var (_, problem) = await ReadAsync(Request(body));

        Assert.Equal((400, "InvalidText", field), (problem!.Value.GetProperty("status").GetInt32(), problem.Value.GetProperty("code").GetString(),
            problem.Value.GetProperty("errors")[0].GetProperty("field").GetString()));
    }

    [Theory]
    [InlineData("""{"applicant": {"name": "\ud800"}}""", "$.applicant.name", "InvalidText")]           // a lone surrogate
    [InlineData("""{"applicant": {"name": "a\u0000b"}}""", "$.applicant.name", "InvalidText")]
    [InlineData("""{"applicant": {"name": "\u001b[31mred"}}""", "$.applicant.name", "InvalidText")]
    [InlineData("""{"fileName": "invoice\u202efdp.exe"}""", "$.fileName", "InvalidText")]
    [InlineData("""{"project": {"key": "P-1\nP-2"}}""", "$.project.key", "InvalidText")]                  // keys are one line
    [InlineData("""{"history": [{"projectKey": "a\u2066b"}]}""", "$.history[0].projectKey", "InvalidText")]
    public async Task Control_and_bidi_characters_and_lone_surrogates_are_refused(string json, string field, string code)
    {
        var (_, problem) = await ReadAsync(Request(Utf8(json)));

        Assert.Equal((code, field), (problem!.Value.GetProperty("code").GetString(), problem.Value.GetProperty("errors")[0].GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Each_field_has_its_length_and_a_reason_may_span_lines()
    {
        Assert.Null((await ReadAsync(Request(Utf8($$"""{"name": "{{new string('名', 200)}}", "reason": "第一行\n第二行\t{{new string('r', 1990)}}"}""")))).Problem);
        var (_, name) = await ReadAsync(Request(Utf8($$"""{"name": "{{new string('名', 201)}}"}""")));
        var (_, key) = await ReadAsync(Request(Utf8("{\"project\": {\"key\": \"" + new string('k', 65) + "\"}}")));
        var (_, other) = await ReadAsync(Request(Utf8($$"""{"measure": "{{new string('m', 257)}}"}""")));

        Assert.Equal(("TextTooLong", "$.name"), (name!.Value.GetProperty("code").GetString(), name.Value.GetProperty("errors")[0].GetProperty("field").GetString()));
        Assert.Equal("$.project.key", key!.Value.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("$.measure", other!.Value.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Strings_and_names_come_back_in_NFC()
    {
        // "é" as e + U+0301 (NFD) becomes U+00E9; the length limit counts the NFC form.
        var (document, problem) = await ReadAsync(Request(Utf8("{\"name\": \"Cafe\u0301\", \"e\u0301\": [\"e\u0301\"]}")));

        Assert.Null(problem);
        Assert.Equal("Caf\u00e9", document!.RootElement.GetProperty("name").GetString());
        Assert.Equal("\u00e9", document.RootElement.GetProperty("\u00e9")[0].GetString());
    }

    [Theory]
    [InlineData("text/plain", 415)]
    [InlineData(null, 415)]
    [InlineData("application/json; charset=iso-8859-1", 415)]
    [InlineData("application/json", 200)]
    [InlineData("application/json; charset=utf-8", 200)]
    [InlineData("application/cloudevents+json", 200)]
    public async Task A_JSON_body_needs_a_JSON_content_type(string? contentType, int expected)
    {
        var (document, problem) = await ReadAsync(Request(Utf8("""{"a": 1}"""), contentType));

        Assert.Equal(expected, problem?.GetProperty("status").GetInt32() ?? (document is not null ? 200 : 0));
    }

    [Fact]
    public async Task A_body_over_the_route_s_size_is_413_whether_declared_or_not()
    {
        var body = Utf8("[" + string.Join(",", Enumerable.Repeat("\"xxxxxxxxxx\"", 2000)) + "]"); // 26,001 bytes > 16 KiB
        var declared = Request(body);
        declared.ContentLength = body.Length;

        Assert.Equal(413, (await ReadAsync(declared)).Problem!.Value.GetProperty("status").GetInt32());
        Assert.Equal(413, (await ReadAsync(Request(body))).Problem!.Value.GetProperty("status").GetInt32());
        Assert.Null((await ReadAsync(Request(body), BodySize.Application)).Problem);
    }

    [Fact]
    public async Task A_body_that_trickles_in_slower_than_the_limit_is_408()
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection()
            .AddSingleton(new HttpLimits(TimeSpan.FromMilliseconds(300))).BuildServiceProvider() };
        http.Request.Body = new TricklingStream();
        http.Request.ContentType = "application/json";

        var (_, problem) = await RequestBody.ReadJsonAsync(http.Request, BodySize.Small);

        Assert.Equal((408, "BodyTimeout"), (problem!.StatusCode, problem.JsonBody().GetProperty("code").GetString()));
    }

    /// <summary>One byte of <c>[</c>, then nothing until cancelled.</summary>
    private sealed class TricklingStream : Stream
    {
        private bool sent;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!sent)
            {
                sent = true;
                buffer.Span[0] = (byte)'[';
                return 1;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Folio.Testing;

namespace Folio.Cli.Tests;

/// <summary><c>folio ocr s3://… --out s3://…/</c>: parsing, and the built command against the real s3rver.</summary>
public class S3CommandTests
{
    [Fact]
    public void S3_source_and_output_are_parsed()
    {
        var command = CommandLine.Parse(["ocr", "s3://in-bucket/scans/doc.pdf", "--out", "s3://out-bucket/results"]);
        Assert.Equal("in-bucket", command.RemoteSource!.Container);
        Assert.Equal("scans/doc.pdf", command.RemoteSource.Key);
        Assert.Equal("out-bucket", command.RemoteOutput!.Container);
        Assert.Equal("results/", command.RemoteOutput.Key);

        var local = CommandLine.Parse(["ocr", "doc.pdf", "--out", "o"]);
        Assert.Null(local.RemoteSource);
        Assert.Null(local.RemoteOutput);
    }

    [Theory]
    [InlineData(new[] { "ocr", "s3://bucket" }, "names no object")]
    [InlineData(new[] { "ocr", "s3://Bad_Bucket/doc.pdf" }, "not a valid bucket name")]
    [InlineData(new[] { "ocr", "doc.pdf", "--out", "s3://" }, "no bucket")]
    public void A_malformed_s3_uri_is_a_usage_error(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.Parse(args));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_s3_uri_exits_64()
    {
        var (code, _, stderr) = Run(new Dictionary<string, string>(), "ocr", "s3://x/doc.pdf");
        Assert.Equal(64, code);
        Assert.Contains("not a valid bucket name", stderr, StringComparison.Ordinal);
    }

    [S3Fact(needsModels: true)]
    public async Task A_missing_s3_object_exits_66()
    {
        using var client = Client();
        var bucket = S3Server.NewBucketName();
        await client.PutBucketAsync(bucket);
        var (code, _, stderr) = Run(S3Environment(), "ocr", $"s3://{bucket}/missing.pdf", "--quiet");
        Assert.True(code == 66, $"exit {code}: {stderr}");
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }

    [S3Fact(needsModels: true)]
    public async Task A_pdf_in_s3_becomes_markdown_and_json_in_s3()
    {
        using var client = Client();
        var bucket = S3Server.NewBucketName();
        await client.PutBucketAsync(bucket);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "in/r-intro-excerpt.pdf",
            FilePath = Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf"),
            UseChunkEncoding = false,
        });

        var (code, stdout, stderr) = Run(S3Environment(), "ocr", $"s3://{bucket}/in/r-intro-excerpt.pdf", "--out", $"s3://{bucket}/results/", "--pages", "1", "--quiet");
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Equal([$"s3://{bucket}/results/r-intro-excerpt.md", $"s3://{bucket}/results/r-intro-excerpt.json"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var keys = (await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "results/" })).S3Objects.Select(o => o.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["results/r-intro-excerpt.json", "results/r-intro-excerpt.md"], keys);

        using var json = await client.GetObjectAsync(bucket, "results/r-intro-excerpt.json");
        using var document = await JsonDocument.ParseAsync(json.ResponseStream);
        var page = Assert.Single(document.RootElement.GetProperty("pages").EnumerateArray());
        Assert.Equal(1, page.GetProperty("index").GetInt32());
        Assert.Equal("succeeded", page.GetProperty("status").GetString());

        using var markdown = await client.GetObjectAsync(bucket, "results/r-intro-excerpt.md");
        using var reader = new StreamReader(markdown.ResponseStream);
        Assert.Contains("<!-- page 1 -->", await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [AzuriteModelsFact]
    public async Task A_pdf_in_blob_storage_becomes_markdown_and_json_in_blob_storage()
    {
        var container = new Azure.Storage.Blobs.BlobServiceClient("UseDevelopmentStorage=true").GetBlobContainerClient("folio-cli-" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateAsync();
        await container.UploadBlobAsync("in/r-intro-excerpt.pdf", new BinaryData(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf"))));
        var environment = new Dictionary<string, string> { ["FOLIO_STORAGE"] = "UseDevelopmentStorage=true" };

        var (code, stdout, stderr) = Run(environment, "ocr", $"blob://{container.Name}/in/r-intro-excerpt.pdf", "--out", $"blob://{container.Name}/results", "--pages", "2", "--quiet");

        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Equal([$"blob://{container.Name}/results/r-intro-excerpt.md", $"blob://{container.Name}/results/r-intro-excerpt.json"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var markdown = (await container.GetBlobClient("results/r-intro-excerpt.md").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("<!-- page 2 -->", markdown, StringComparison.Ordinal);
        var (missingCode, _, missingError) = Run(environment, "ocr", $"blob://{container.Name}/in/nothing.pdf", "--quiet");
        Assert.Equal(66, missingCode);
        Assert.Contains("does not exist", missingError, StringComparison.Ordinal);
        await container.DeleteAsync();
    }

    [Fact]
    public void Blob_without_an_account_configured_exits_64_and_says_what_to_set()
    {
        var (code, _, stderr) = Run(new Dictionary<string, string> { ["FOLIO_STORAGE"] = string.Empty, ["FOLIO_BLOB_ENDPOINT"] = string.Empty }, "ocr", "blob://scans/doc.pdf");
        Assert.Equal(64, code);
        Assert.Contains("FOLIO_STORAGE", stderr, StringComparison.Ordinal);
    }

    // The standard AWS chain reads these: nothing S3-specific is passed on the command line.
    private static Dictionary<string, string> S3Environment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = S3Server.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = S3Server.SecretKey,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["FOLIO_S3_ENDPOINT"] = S3Server.Endpoint,
        ["FOLIO_S3_FORCE_PATH_STYLE"] = "true",
    };

    private static AmazonS3Client Client() =>
        new(new BasicAWSCredentials(S3Server.AccessKey, S3Server.SecretKey), new AmazonS3Config { ServiceURL = S3Server.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    private static (int ExitCode, string Stdout, string Stderr) Run(Dictionary<string, string> environment, params string[] args) => FolioProcess.Run(environment, args);
}

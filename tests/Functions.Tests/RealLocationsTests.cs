using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using Folio.Pipeline;
using Folio.Testing;

namespace Folio.Functions.Tests;

/// <summary>
/// Blob and S3 sources and destinations through the documents API and the orchestrator, against Azurite and
/// s3rver on loopback: the document is read from one, the outputs are written to the other.
/// </summary>
public sealed class RealLocationsTests : ApiHarness, IDisposable
{
    private readonly string _bucket = S3Server.NewBucketName();
    private readonly string _container = "folio-src-" + Guid.NewGuid().ToString("N")[..12];
    private readonly AmazonS3Client _s3 = new(new BasicAWSCredentials(S3Server.AccessKey, S3Server.SecretKey), new AmazonS3Config { ServiceURL = S3Server.Endpoint, ForcePathStyle = true });
    private readonly BlobServiceClient _blobs = new("UseDevelopmentStorage=true");
    private LocationStorage? _storage;

    private protected override ILocationStorage LocationStorage => _storage ??= new LocationStorage(_blobs, _s3);

    public override async Task InitializeAsync()
    {
        Settings = new FolioSettings
        {
            InputContainer = "incoming",
            Locations = new LocationPolicy([$"blob://{_container}", $"s3://{_bucket}/in/"], [$"blob://{_container}/results/", $"s3://{_bucket}/out/"]),
        };
        await base.InitializeAsync();
    }

    [RealLocationsFact]
    public async Task S3Source_BlobDestination_AndBlobSource_S3Destination()
    {
        await CreateBucketAndContainerAsync();
        var pdf = TestPdfs.Blank(2);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "in/scan.pdf", InputStream = new MemoryStream(pdf), UseChunkEncoding = false });
        await _blobs.GetBlobContainerClient(_container).UploadBlobAsync("docs/letter.pdf", new BinaryData(TestPdfs.Blank(3)));

        var fromS3 = IdOf(await PostJsonAsync($$"""{"source":"s3://{{_bucket}}/in/scan.pdf","output":"blob://{{_container}}/results/"}"""));
        var fromBlob = IdOf(await PostJsonAsync($$$"""{"source":"blob://{{{_container}}}/docs/letter.pdf","output":"s3://{{{_bucket}}}/out/","options":{"formats":["json"]}}"""));
        var first = await WaitForTerminalAsync(fromS3);
        var second = await WaitForTerminalAsync(fromBlob);

        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        var markdown = (await _blobs.GetBlobContainerClient(_container).GetBlobClient("results/scan.md").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("Text of page 2", markdown, StringComparison.Ordinal);
        using var json = await _s3.GetObjectAsync(_bucket, "out/letter.json");
        using var reader = new StreamReader(json.ResponseStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        Assert.Contains("Text of page 3", text, StringComparison.Ordinal);
        Assert.StartsWith("{", text.TrimStart(), StringComparison.Ordinal); // the bytes themselves, not aws-chunked framing
        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "out/" });
        Assert.Equal(["out/letter.json"], listed.S3Objects.Select(o => o.Key));
    }

    [RealLocationsFact]
    public async Task MissingObject_Is404_AndOutsideTheAllowedPrefix_Is403()
    {
        await CreateBucketAndContainerAsync();
        var missing = await PostJsonAsync($$"""{"source":"s3://{{_bucket}}/in/nothing.pdf"}""");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "private/secret.pdf", ContentBody = "%PDF-1.4", UseChunkEncoding = false });
        var outside = await PostJsonAsync($$"""{"source":"s3://{{_bucket}}/private/secret.pdf"}""");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
    }

    // In the test, not in InitializeAsync: the fact attribute already decided that both servers are up, and a
    // second probe on a busy machine can time out and leave the bucket uncreated.
    private async Task CreateBucketAndContainerAsync()
    {
        await _s3.PutBucketAsync(_bucket);
        await _blobs.GetBlobContainerClient(_container).CreateIfNotExistsAsync();
    }

    public void Dispose()
    {
        _s3.Dispose();
    }
}

/// <summary>Skipped with a reason without Azurite and s3rver.</summary>
internal sealed class RealLocationsFactAttribute : FactAttribute
{
    public RealLocationsFactAttribute()
    {
        if (!Azurite.IsReachable)
        {
            Skip = Azurite.SkipReason;
        }
        else if (!Loopback.IsListening(S3Server.Port))
        {
            Skip = $"No S3 server on 127.0.0.1:{S3Server.Port}: run scripts/test.sh, which starts s3rver.";
        }
    }
}

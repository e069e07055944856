using Amazon.Runtime;
using Amazon.S3;
using Folio.Testing;

namespace Folio.Pipeline.Tests;

/// <summary>S3 locations, settings, and reads and writes through LocationStorage against the real s3rver on loopback.</summary>
public class S3Tests
{
    [Theory]
    [InlineData("s3://my-bucket/doc.pdf", "my-bucket", "doc.pdf", "doc.pdf")]
    [InlineData("S3://my.bucket/in/2024/scan 1.tif", "my.bucket", "in/2024/scan 1.tif", "scan 1.tif")]
    [InlineData("s3://abc/a%20b?x=1#y", "abc", "a%20b?x=1#y", "a%20b?x=1#y")]
    public void An_object_uri_is_split_into_bucket_and_literal_key(string uri, string bucket, string key, string fileName)
    {
        var location = S3Location.ParseObject(uri);
        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(key, location.Key);
        Assert.Equal(fileName, location.FileName);
        Assert.Equal("s3://" + bucket + "/" + key, location.ToString());
    }

    [Theory]
    [InlineData("s3://out-bucket", "")]
    [InlineData("s3://out-bucket/", "")]
    [InlineData("s3://out-bucket/results/", "results/")]
    [InlineData("s3://out-bucket/results", "results/")]
    public void A_prefix_uri_ends_in_a_slash_or_is_the_top_level(string uri, string prefix)
    {
        var location = S3Location.ParsePrefix(uri);
        Assert.Equal("out-bucket", location.Bucket);
        Assert.Equal(prefix, location.Key);
        Assert.Equal(prefix + "doc.md", location.Child("doc.md").Key);
    }

    [Theory]
    [InlineData("doc.pdf", "not an S3 URI")]
    [InlineData("s3:/bucket/doc.pdf", "not an S3 URI")]
    [InlineData("s3://", "no bucket")]
    [InlineData("s3:///doc.pdf", "no bucket")]
    [InlineData("s3://bucket", "names no object")]
    [InlineData("s3://bucket/", "names no object")]
    [InlineData("s3://bucket/dir/", "names a prefix")]
    [InlineData("s3://Bucket/doc.pdf", "not a valid bucket name")]
    [InlineData("s3://ab/doc.pdf", "not a valid bucket name")]
    [InlineData("s3://my_bucket/doc.pdf", "not a valid bucket name")]
    [InlineData("s3://-bucket/doc.pdf", "not a valid bucket name")]
    [InlineData("s3://bucket//doc.pdf", "empty path segment")]
    public void A_malformed_object_uri_says_what_is_wrong(string uri, string message)
    {
        var error = Assert.Throws<FormatException>(() => S3Location.ParseObject(uri));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_over_1024_bytes_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => S3Location.ParseObject("s3://bucket/" + new string('é', 600)));
        Assert.Contains("1024 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_come_only_from_the_two_variables()
    {
        var none = S3Options.FromVariables(_ => null);
        Assert.Null(none.ServiceUrl);
        Assert.False(none.ForcePathStyle);

        var set = S3Options.FromVariables(name => name switch
        {
            S3Options.EndpointVariable => "http://127.0.0.1:4568",
            S3Options.ForcePathStyleVariable => "TRUE",
            _ => null,
        });
        Assert.Equal(new Uri("http://127.0.0.1:4568"), set.ServiceUrl);
        Assert.True(set.ForcePathStyle);

        Assert.Throws<InvalidOperationException>(() => S3Options.FromVariables(name => name == S3Options.EndpointVariable ? "127.0.0.1:4568" : null));
        Assert.Throws<InvalidOperationException>(() => S3Options.FromVariables(name => name == S3Options.ForcePathStyleVariable ? "yes" : null));
    }

    [S3Fact]
    public async Task A_document_goes_up_and_comes_back_byte_for_byte()
    {
        using var client = TestClient();
        var bucket = S3Server.NewBucketName();
        await client.PutBucketAsync(bucket);
        var storage = new LocationStorage(null, client);
        var original = System.Text.Encoding.UTF8.GetBytes("""{"pages":[1]}""");
        var target = DocumentLocation.Parse($"s3://{bucket}/results/").Child("page.json");

        await storage.WriteAsync(target, new MemoryStream(original), "application/json; charset=utf-8");
        Assert.Equal($"s3://{bucket}/results/page.json", target.ToString());

        var metadata = await client.GetObjectMetadataAsync(bucket, "results/page.json");
        Assert.StartsWith("application/json", metadata.Headers.ContentType, StringComparison.Ordinal);

        var stream = await storage.OpenReadAsync(target);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await using (stream)
        {
            await stream.CopyToAsync(copy);
        }

        Assert.Equal(original, copy.ToArray());
    }

    [S3Fact]
    public async Task An_object_names_the_job_that_wrote_it_on_s3()
    {
        using var client = TestClient();
        var bucket = S3Server.NewBucketName();
        await client.PutBucketAsync(bucket);
        await AssertWritersAsync(new LocationStorage(null, client), $"s3://{bucket}/out/");
    }

    [AzuriteFact]
    public async Task An_object_names_the_job_that_wrote_it_on_blob_storage()
    {
        var service = new Azure.Storage.Blobs.BlobServiceClient(Azurite.ConnectionString);
        var container = "t" + Guid.NewGuid().ToString("N")[..12];
        await service.GetBlobContainerClient(container).CreateAsync();
        await AssertWritersAsync(new LocationStorage(service, null), $"blob://{container}/out/");
    }

    private static async Task AssertWritersAsync(LocationStorage storage, string prefix)
    {
        var folder = DocumentLocation.Parse(prefix);
        Assert.Null(await storage.FindAsync(folder.Child("scan.md")));

        await storage.WriteAsync(folder.Child("scan.md"), new MemoryStream([1, 2, 3]), "text/markdown", "doc-0123456789abcdef01234567");
        await storage.WriteAsync(folder.Child("other.md"), new MemoryStream([4]), "text/markdown");

        Assert.Equal("doc-0123456789abcdef01234567", (await storage.FindAsync(folder.Child("scan.md")))?.Writer);
        var other = await storage.FindAsync(folder.Child("other.md"));
        Assert.NotNull(other);
        Assert.Null(other.Writer);
    }

    [S3Fact]
    public async Task A_missing_object_reads_as_null()
    {
        using var client = TestClient();
        var bucket = S3Server.NewBucketName();
        await client.PutBucketAsync(bucket);
        var storage = new LocationStorage(null, client);

        Assert.Null(await storage.OpenReadAsync(DocumentLocation.Parse($"s3://{bucket}/missing.pdf")));
    }

    private static AmazonS3Client TestClient() =>
        new(new BasicAWSCredentials(S3Server.AccessKey, S3Server.SecretKey), new AmazonS3Config
        {
            ServiceURL = S3Server.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        });
}

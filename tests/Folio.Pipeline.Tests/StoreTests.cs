using Folio.Testing;
using System.Text;

namespace Folio.Pipeline.Tests;

public class LocalFolderStoreTests
{
    [Fact]
    public async Task PutGetExistsListDelete_RoundTrip()
    {
        using var temp = new TempFolder();
        var store = new LocalFolderStore(temp.Path);
        await StoreContract.RunAsync(store);
        Assert.Empty(Directory.EnumerateFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("work/../escape")]
    [InlineData("work//x")]
    [InlineData("work\\x")]
    [InlineData("work/./x")]
    public async Task InvalidKeys_AreRefused(string key)
    {
        using var temp = new TempFolder();
        var store = new LocalFolderStore(temp.Path);
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutBytesAsync(key, new byte[] { 1 }));
    }
}

public class BlobWorkStoreTests
{
    [AzuriteFact]
    public async Task PutGetExistsListDelete_RoundTrip_OnAzurite()
    {
        var options = new BlobWorkStoreOptions { ConnectionString = Azurite.ConnectionString, DefaultContainer = "t" + Guid.NewGuid().ToString("N")[..12] };
        var incoming = "i" + Guid.NewGuid().ToString("N")[..12];
        options.Containers["incoming"] = incoming;
        var store = BlobWorkStore.Create(options);
        await StoreContract.RunAsync(store);

        // A key in a mapped area lands in its own container, under the rest of the key.
        await store.PutBytesAsync("incoming/scan.pdf", Encoding.UTF8.GetBytes("%PDF-"));
        var service = new Azure.Storage.Blobs.BlobServiceClient(Azurite.ConnectionString);
        Assert.True((await service.GetBlobContainerClient(incoming).GetBlobClient("scan.pdf").ExistsAsync()).Value);
        Assert.Equal(["incoming/scan.pdf"], await StoreContract.ListAsync(store, "incoming/"));
        await service.GetBlobContainerClient(incoming).DeleteAsync();
        await service.GetBlobContainerClient(options.DefaultContainer).DeleteAsync();
    }

    [AzuriteFact]
    public async Task A_store_with_rights_on_its_container_only_writes_to_it()
    {
        // As with a role assigned on the container, not the account: blobs may be written, the container not created.
        var service = new Azure.Storage.Blobs.BlobServiceClient(Azurite.ConnectionString);
        var container = service.GetBlobContainerClient("t" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateAsync();
        var sas = container.GenerateSasUri(Azure.Storage.Sas.BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1));
        var options = new BlobWorkStoreOptions
        {
            ConnectionString = $"BlobEndpoint={service.Uri};SharedAccessSignature={sas.Query.TrimStart('?')}",
            DefaultContainer = container.Name,
        };
        var store = BlobWorkStore.Create(options);

        await store.PutBytesAsync("work/doc-1/manifest.json", Encoding.UTF8.GetBytes("{}"));
        Assert.True(await store.TryCreateAsync("work/doc-1/claim"));
        Assert.True((await container.GetBlobClient("work/doc-1/manifest.json").ExistsAsync()).Value);
        await container.DeleteAsync();
    }
}

internal static class StoreContract
{
    public static async Task<List<string>> ListAsync(IWorkStore store, string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(prefix))
        {
            keys.Add(key);
        }

        return keys;
    }

    public static async Task RunAsync(IWorkStore store)
    {
        // A claim: of several creators at once, exactly one gets it; once it exists, nobody does.
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.TryCreateAsync("work/j0/starts/0")));
        Assert.Single(claims, c => c);
        Assert.False(await store.TryCreateAsync("work/j0/starts/0"));
        Assert.True(await store.DeleteAsync("work/j0/starts/0"));

        Assert.False(await store.ExistsAsync("work/j1/source"));
        Assert.Null(await store.OpenReadAsync("work/j1/source"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.GetBytesAsync("work/j1/source"));

        await store.PutBytesAsync("work/j1/source", Encoding.UTF8.GetBytes("first"));
        await store.PutBytesAsync("work/j1/source", Encoding.UTF8.GetBytes("second"));
        await store.PutBytesAsync("work/j1/pages/2", new byte[] { 2 });
        await store.PutBytesAsync("work/j1/pages/10", new byte[] { 10 });
        await store.PutJsonAsync("work/j2/manifest.json", new PageRef(3, "k", 42));

        Assert.True(await store.ExistsAsync("work/j1/source"));
        Assert.Equal("second", Encoding.UTF8.GetString(await store.GetBytesAsync("work/j1/source")));
        Assert.Equal(new PageRef(3, "k", 42), await store.GetJsonAsync<PageRef>("work/j2/manifest.json"));
        Assert.Equal(["work/j1/pages/10", "work/j1/pages/2"], await StoreContract.ListAsync(store, "work/j1/pages/"));
        Assert.Equal(["work/j1/pages/10", "work/j1/pages/2", "work/j1/source"], await StoreContract.ListAsync(store, "work/j1/"));
        Assert.Empty(await StoreContract.ListAsync(store, "work/none/"));

        await store.CopyAsync("work/j1/source", "output/j1/copy");
        Assert.Equal("second", Encoding.UTF8.GetString(await store.GetBytesAsync("output/j1/copy")));

        Assert.True(await store.DeleteAsync("work/j1/source"));
        Assert.False(await store.DeleteAsync("work/j1/source"));
        Assert.False(await store.ExistsAsync("work/j1/source"));
    }
}

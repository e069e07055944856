using System.Security.Cryptography;
using Folio.Documents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Folio.Pipeline.Tests;

/// <summary>A job reads the document it was submitted with, or fails: never another one stored under the same name.</summary>
public sealed class SourceIdentityTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("folio-source-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_source_replaced_after_submission_fails_the_job_with_the_reason()
    {
        var store = new LocalFolderStore(_root);
        var submitted = GeneratedPdfs.TwoColumns();
        var replaced = GeneratedPdfs.ThreeColumns();
        var job = DocumentJob.Create(SHA256.HashData(submitted), "scan.pdf", JobRequest.Defaults, sourceKey: "incoming/scan.pdf");
        await store.PutBytesAsync("incoming/scan.pdf", replaced);
        var prepare = new PrepareDocumentActivity(store, Options.Create(DocumentLimits.Default), NullLogger<PrepareDocumentActivity>.Instance);

        var failure = await Assert.ThrowsAsync<SourceChangedException>(() => prepare.RunAsync(null!, job));

        Assert.Contains("changed after it was submitted", failure.Message, StringComparison.Ordinal);
        Assert.False(await store.ExistsAsync(WorkKeys.Manifest(job.JobId)));
        Assert.False(await store.ExistsAsync(WorkKeys.Source(job.JobId)));

        // The document it was submitted with is read.
        await store.PutBytesAsync("incoming/scan.pdf", submitted);
        var manifest = await prepare.RunAsync(null!, job);
        Assert.Equal(job.SourceSha256, manifest.SourceSha256);
    }
}

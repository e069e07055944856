// Types shared by the modules.

@export()
@description('Resource tags: names to string values.')
type Tags = {
  *: string
}

@export()
@description('Serverless GPU workload profile types of Azure Container Apps.')
type GpuProfileType = 'Consumption-GPU-NC8as-T4' | 'Consumption-GPU-NC24-A100'

@export()
@description('One role assignment: who gets which built-in role (by role definition GUID).')
type RoleGrant = {
  @description('Object id of the principal.')
  principalId: string

  @description('GUID of the built-in role definition.')
  roleDefinitionId: string

  @description('What the grant is for, for the reader of the deployment.')
  reason: string
}

@export()
@description('One role assignment on one blob container of the storage account.')
type ContainerGrant = {
  @description('Container name.')
  container: string

  @description('Object id of the principal.')
  principalId: string

  @description('GUID of the built-in role definition.')
  roleDefinitionId: string

  @description('What the grant is for, for the reader of the deployment.')
  reason: string
}

@export()
@description('Who may reach a resource\'s public endpoint. The apps reach it through its private endpoint in the VNet either way.')
type PublicAccess = {
  @description('Every network (firewall default action Allow).')
  allowAll: bool

  @description('Public IPv4 addresses or CIDR ranges let through while allowAll is false; empty with allowAll false: public network access is disabled.')
  allowedIps: string[]
}

@export()
@description('Tuning settings of the Function App (local.settings.sample.json names and documents each one).')
type FunctionTuning = {
  @description('FOLIO_INFERENCE_ATTEMPT_TIMEOUT_SECONDS: limit of one HTTP attempt at a page (a cold GPU replica takes minutes).')
  inferenceAttemptTimeoutSeconds: int

  @description('FOLIO_INFERENCE_TOTAL_TIMEOUT_SECONDS: limit of one page including the HTTP retries.')
  inferenceTotalTimeoutSeconds: int

  @description('FOLIO_INFERENCE_RETRIES: HTTP retries of a transient failure inside one activity attempt.')
  inferenceRetries: int

  @description('FOLIO_DPI: PDF rendering resolution.')
  dpi: int

  @description('FOLIO_UPLOAD_FORMATS: outputs of documents uploaded to the input container, comma-separated (md, json, txt, html, pdf).')
  uploadFormats: string

  @description('FOLIO_MAX_PAGES_IN_FLIGHT: pages of one document recognised at once.')
  maxPagesInFlight: int

  @description('FOLIO_PAGES_PER_BATCH: pages per sub-orchestration.')
  pagesPerBatch: int

  @description('FOLIO_PAGE_ATTEMPTS: activity attempts per page.')
  pageAttempts: int

  @description('FOLIO_PAGE_RETRY_SECONDS: first durable retry delay of a page.')
  pageRetrySeconds: int

  @description('FOLIO_MAX_UPLOAD_MB: largest accepted document.')
  maxUploadMb: int

  @description('FOLIO_MAX_PAGES: most pages in one document.')
  maxPages: int
}

@export()
@description('Locations the documents API may use beyond the input container (FOLIO_ALLOWED_* app settings).')
type DocumentAccess = {
  @description('FOLIO_ALLOWED_SOURCES: comma-separated blob://container or s3://bucket[/prefix] entries documents may be read from; empty for the input container only.')
  allowedSources: string

  @description('FOLIO_ALLOWED_DESTINATIONS: comma-separated blob://container or s3://bucket[/prefix] entries copies of the outputs may be written to; empty for none.')
  allowedDestinations: string

  @description('FOLIO_S3_ENDPOINT: endpoint of an S3-compatible server; empty for AWS S3 (region and credentials from the AWS chain: AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).')
  s3Endpoint: string

  @description('FOLIO_S3_FORCE_PATH_STYLE: path-style addressing (most S3-compatible servers need it).')
  s3ForcePathStyle: bool
}

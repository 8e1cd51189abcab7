/**
 * The categories of the demo developer blog and the topic vocabulary of each.
 *
 * Titles, texts and tags are built from these terms, so an article's words predict its category
 * and a text feature has real signal to learn. A few terms appear in two categories (for example
 * "Python" under Machine Learning), as on a real blog.
 */
export interface DemoCategory {
  /** Display name, used as the article `category` and in user `preferred_topics`. */
  name: string;
  /** Relative share of new articles published in this category. */
  publishingShare: number;
  /** Relative share of users who pick this category as one of their interests. */
  audienceShare: number;
  /** Topic terms in natural case; multi-word terms are allowed ("type hints"). */
  terms: readonly string[];
  /** Names of categories whose readers and terms overlap with this one. */
  related: readonly string[];
}

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  {
    name: 'Python',
    publishingShare: 1.3,
    audienceShare: 1.4,
    related: ['Machine Learning', 'Data Engineering', 'Web Development'],
    terms: [
      'Python', 'asyncio', 'type hints', 'pytest', 'virtualenv', 'pip', 'Poetry', 'dataclasses',
      'decorators', 'generators', 'the GIL', 'CPython', 'PyPy', 'Django', 'Flask', 'FastAPI',
      'pandas', 'mypy', 'packaging', 'wheels', 'context managers', 'list comprehensions',
      'iterators', 'metaclasses', 'Cython', 'uv', 'Ruff', 'pyproject.toml', 'f-strings',
      'pattern matching',
    ],
  },
  {
    name: 'Machine Learning',
    publishingShare: 1.3,
    audienceShare: 1.3,
    related: ['Python', 'Data Engineering'],
    terms: [
      'neural networks', 'PyTorch', 'TensorFlow', 'transformers', 'embeddings', 'fine-tuning',
      'gradient descent', 'overfitting', 'regularization', 'feature engineering', 'scikit-learn',
      'XGBoost', 'recommender systems', 'attention', 'tokenizers', 'LLMs', 'RAG', 'vector search',
      'hyperparameters', 'cross-validation', 'backpropagation', 'GPUs', 'quantization',
      'model serving', 'evaluation metrics', 'classification', 'clustering', 'reinforcement learning',
      'Python', 'notebooks',
    ],
  },
  {
    name: 'DevOps',
    publishingShare: 1.0,
    audienceShare: 1.0,
    related: ['Cloud', 'Security'],
    terms: [
      'Kubernetes', 'Docker', 'CI/CD', 'GitHub Actions', 'Terraform', 'Ansible', 'Helm',
      'Prometheus', 'Grafana', 'observability', 'logging', 'tracing', 'OpenTelemetry', 'SRE',
      'incident response', 'on-call', 'blue-green deployments', 'canary releases', 'GitOps',
      'Argo CD', 'containers', 'service mesh', 'Istio', 'load balancers', 'nginx', 'bash scripts',
      'infrastructure as code', 'runbooks', 'SLOs', 'autoscaling',
    ],
  },
  {
    name: 'Web Development',
    publishingShare: 1.1,
    audienceShare: 1.2,
    related: ['JavaScript', 'Security'],
    terms: [
      'HTML', 'CSS', 'accessibility', 'responsive design', 'web performance', 'Core Web Vitals',
      'HTTP caching', 'REST APIs', 'GraphQL', 'WebSockets', 'server-side rendering', 'SEO',
      'web components', 'Tailwind', 'flexbox', 'CSS grid', 'progressive web apps', 'service workers',
      'CDNs', 'HTTP/3', 'cookies', 'forms', 'browser devtools', 'lazy loading', 'image formats',
      'static sites', 'WebAssembly', 'design systems', 'OAuth', 'CORS',
    ],
  },
  {
    name: 'JavaScript',
    publishingShare: 1.2,
    audienceShare: 1.2,
    related: ['Web Development'],
    terms: [
      'TypeScript', 'React', 'Vue', 'Svelte', 'Node.js', 'Deno', 'Bun', 'npm', 'bundlers', 'Vite',
      'webpack', 'ES modules', 'promises', 'async/await', 'closures', 'the event loop', 'Next.js',
      'state management', 'hooks', 'JSX', 'ESLint', 'Jest', 'Vitest', 'generics', 'type inference',
      'monorepos', 'tree shaking', 'Express', 'streams', 'V8',
    ],
  },
  {
    name: 'Databases',
    publishingShare: 0.9,
    audienceShare: 0.9,
    related: ['Data Engineering', 'Cloud'],
    terms: [
      'PostgreSQL', 'MySQL', 'SQLite', 'MongoDB', 'Redis', 'indexes', 'query plans', 'transactions',
      'isolation levels', 'replication', 'sharding', 'migrations', 'ORMs', 'connection pooling',
      'SQL joins', 'window functions', 'CTEs', 'vacuum', 'write-ahead logs', 'B-trees',
      'LSM trees', 'Cassandra', 'DynamoDB', 'schema design', 'normalization', 'full-text search',
      'Elasticsearch', 'backups', 'deadlocks', 'query optimization',
    ],
  },
  {
    name: 'Security',
    publishingShare: 0.8,
    audienceShare: 0.8,
    related: ['DevOps', 'Web Development'],
    terms: [
      'authentication', 'authorization', 'OAuth', 'JWTs', 'TLS', 'certificates', 'XSS',
      'SQL injection', 'CSRF', 'secrets management', 'Vault', 'threat modeling', 'penetration testing',
      'supply chain attacks', 'SBOMs', 'dependency scanning', 'zero trust', 'passkeys', 'WebAuthn',
      'encryption', 'hashing', 'password storage', 'CVEs', 'fuzzing', 'sandboxing', 'firewalls',
      'audit logs', 'least privilege', 'phishing', 'bug bounties',
    ],
  },
  {
    name: 'Cloud',
    publishingShare: 1.0,
    audienceShare: 1.0,
    related: ['DevOps', 'Databases'],
    terms: [
      'AWS', 'Azure', 'Google Cloud', 'serverless', 'Lambda', 'S3', 'IAM', 'VPCs', 'cost optimization',
      'spot instances', 'multi-region', 'managed databases', 'Cloud Run', 'EC2', 'EKS',
      'object storage', 'queues', 'SQS', 'Pub/Sub', 'CloudFormation', 'CDK', 'edge functions',
      'Cloudflare Workers', 'FinOps', 'availability zones', 'disaster recovery', 'cold starts',
      'API gateways', 'reserved instances', 'landing zones',
    ],
  },
  {
    name: 'Rust',
    publishingShare: 0.6,
    audienceShare: 0.6,
    related: ['Go', 'Web Development'],
    terms: [
      'Rust', 'the borrow checker', 'lifetimes', 'ownership', 'traits', 'Cargo', 'crates', 'Tokio',
      'async Rust', 'unsafe code', 'macros', 'error handling', 'Result', 'iterators', 'Serde',
      'Axum', 'clippy', 'zero-cost abstractions', 'smart pointers', 'Arc', 'generics',
      'pattern matching', 'WebAssembly', 'embedded Rust', 'FFI', 'compile times', 'rustc',
      'memory safety', 'Rayon', 'no_std',
    ],
  },
  {
    name: 'Data Engineering',
    publishingShare: 0.8,
    audienceShare: 0.8,
    related: ['Databases', 'Machine Learning', 'Python'],
    terms: [
      'Apache Spark', 'Kafka', 'Airflow', 'dbt', 'data warehouses', 'data lakes', 'lakehouses',
      'Parquet', 'Delta Lake', 'Iceberg', 'ETL', 'ELT', 'streaming', 'batch jobs', 'Flink',
      'Snowflake', 'BigQuery', 'DuckDB', 'data quality', 'data contracts', 'orchestration',
      'change data capture', 'schemas', 'partitioning', 'Polars', 'pipelines', 'Arrow',
      'dimensional modeling', 'backfills', 'lineage',
    ],
  },
  {
    name: 'Go',
    publishingShare: 0.6,
    audienceShare: 0.6,
    related: ['Rust', 'DevOps', 'Cloud'],
    terms: [
      'Go', 'goroutines', 'channels', 'the Go scheduler', 'interfaces', 'generics', 'go modules',
      'context cancellation', 'error wrapping', 'net/http', 'gRPC', 'protobuf', 'the race detector',
      'pprof', 'garbage collection', 'escape analysis', 'table-driven tests', 'benchmarks',
      'sync.Mutex', 'worker pools', 'cobra', 'structs', 'embedding', 'slices', 'maps',
      'select statements', 'static binaries', 'cross-compilation', 'go vet', 'fuzz testing',
    ],
  },
  {
    name: 'Mobile',
    publishingShare: 0.7,
    audienceShare: 0.7,
    related: ['JavaScript', 'Web Development'],
    terms: [
      'Swift', 'SwiftUI', 'Kotlin', 'Jetpack Compose', 'Android', 'iOS', 'React Native', 'Flutter',
      'Dart', 'app store review', 'push notifications', 'offline sync', 'Core Data', 'Room',
      'Xcode', 'Gradle', 'deep links', 'app size', 'battery usage', 'crash reporting',
      'mobile CI', 'TestFlight', 'accessibility', 'animations', 'navigation', 'in-app purchases',
      'Kotlin coroutines', 'Combine', 'feature flags', 'app startup time',
    ],
  },
];

/** Looks up a category by display name; returns -1 when no category has that name. */
export function categoryIndex(name: string): number {
  return DEMO_CATEGORIES.findIndex((category) => category.name === name);
}

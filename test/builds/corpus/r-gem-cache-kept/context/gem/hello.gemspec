Gem::Specification.new do |s|
  s.name = "hello"
  s.version = "0.1.0"
  s.summary = "hi"
  s.authors = ["a"]
  # data.bin (1 MB, made at build time) gives the .gem a size worth caching.
  s.files = ["lib/hello.rb", "lib/data.bin"]
  s.license = "MIT"
end

Gem::Specification.new do |s|
  s.name = "hello"
  s.version = "0.1.0"
  s.summary = "hi"
  s.authors = ["a"]
  s.files = ["lib/hello.rb"]
  s.license = "MIT"
end

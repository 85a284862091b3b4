# This is an auto generated Dockerfile for ros:perception
# generated from docker_images_ros2/create_ros_image.Dockerfile.em
FROM ros:kilted-ros-base-noble

# install ros2 packages
RUN apt-get update && apt-get install -y --no-install-recommends \
    ros-kilted-perception=0.12.0-2* \
    && rm -rf /var/lib/apt/lists/*

